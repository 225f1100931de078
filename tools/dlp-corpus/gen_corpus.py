#!/usr/bin/env python3
"""Generates the labelled DLP corpus (JSONL). Deterministic (seeded). Every labelled value is produced by a
generator that computes its check digits (Luhn, mod-97, mod-23, CIF) and is re-validated before writing."""
import json, random, base64, string, re, sys
from github_token import with_checksum

R = random.Random(20240517)
DNI_L = "TRWAGMYFPDXBNJZSQVHLCKE"

def luhn_ok(d):
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2 == 1:
            x *= 2
            if x > 9: x -= 9
        s += x
    return s % 10 == 0

def luhn_complete(prefix, length):
    while True:
        body = prefix + "".join(R.choice(string.digits) for _ in range(length - len(prefix) - 1))
        for c in string.digits:
            if luhn_ok(body + c):
                return body + c

IBAN_LEN = {"ES":24,"DE":22,"FR":27,"GB":22,"NL":18,"IT":27,"PT":25,"BE":16,"IE":22,"AT":20,"CH":21,"PL":28,"SE":24,"DK":18,"FI":18,"LU":20,"NO":15}
def iban_check(country, bban):
    s = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in s)
    return "%02d" % (98 - int(num) % 97)
def iban_valid(iban):
    iban = iban.replace(" ", "").replace("-", "").upper()
    if IBAN_LEN.get(iban[:2]) != len(iban): return False
    s = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97 == 1
def gen_iban(country):
    n = IBAN_LEN[country] - 4
    if country == "GB":
        bban = R.choice(["NWBK","BARC","LOYD","HBUK","MIDL"]) + "".join(R.choice(string.digits) for _ in range(14))
    elif country == "NL":
        bban = R.choice(["ABNA","INGB","RABO"]) + "".join(R.choice(string.digits) for _ in range(10))
    elif country in ("FR", "IT"):
        bban = ("".join(R.choice(string.digits) for _ in range(n - 3)) + R.choice(string.ascii_uppercase) + "".join(R.choice(string.digits) for _ in range(2))) if country=="FR" else (R.choice(string.ascii_uppercase) + "".join(R.choice(string.digits) for _ in range(n - 1)))
    else:
        bban = "".join(R.choice(string.digits) for _ in range(n))
    return country + iban_check(country, bban) + bban
def fmt_iban(iban, printed):
    return " ".join(iban[i:i+4] for i in range(0, len(iban), 4)) if printed else iban

def fmt_iban_odd(iban):
    """Real-world irregular layouts: Spanish CCC layout (ES91 2100 0418 45 0200051332), hyphens, 4+rest, lower case."""
    if iban[:2] == "ES" and R.random() < 0.5:
        return f"{iban[:4]} {iban[4:8]} {iban[8:12]} {iban[12:14]} {iban[14:]}"
    r = R.random()
    if r < 0.4: return "-".join(iban[i:i+4] for i in range(0, len(iban), 4))
    if r < 0.7: return iban[:4] + " " + iban[4:12] + " " + iban[12:]
    return " ".join(iban[i:i+4] for i in range(0, len(iban), 4)).lower()

def gen_dni():
    n = R.randint(1000000, 99999999)
    return "%08d" % n, DNI_L[n % 23]
def gen_nie():
    p = R.choice("XYZ"); n = R.randint(0, 9999999)
    return p, "%07d" % n, DNI_L[int(str("XYZ".index(p)) + "%07d" % n) % 23]
def cif_control(d7):
    even = sum(int(d7[i]) for i in (1, 3, 5))
    odd = 0
    for i in (0, 2, 4, 6):
        x = int(d7[i]) * 2; odd += x // 10 + x % 10
    cd = (10 - (even + odd) % 10) % 10
    return cd, "JABCDEFGHI"[cd]
def gen_cif():
    L = R.choice("ABBBBBBBCDEFGHJNPQRSUVW")
    d7 = "%02d" % R.randint(1, 99) + "".join(R.choice(string.digits) for _ in range(5))
    cd, cl = cif_control(d7)
    if L in "PQRSNW": ctl = cl
    elif L in "ABEH": ctl = str(cd)
    else: ctl = R.choice([str(cd), cl])
    return L + d7 + ctl

FIRST_ES = ["María","Lucía","Carmen","Javier","Alejandro","Pablo","Sofía","Elena","Jorge","Marta","Sergio","Ana","David","Laura","Raúl","Nuria","Íñigo","Begoña"]
LAST_ES = ["García","López","Martínez","Sánchez","Pérez","Gómez","Fernández","Ruiz","Díaz","Moreno","Álvarez","Romero","Navarro","Torres","Ibáñez"]
FIRST_EN = ["John","Emily","Michael","Sarah","David","Jessica","Robert","Olivia","James","Emma","Daniel","Grace"]
LAST_EN = ["Smith","Johnson","Brown","Taylor","Wilson","Davies","Miller","Clark","Walker","Hughes"]
DOMAINS = ["gmail.com","hotmail.es","yahoo.com","empresa.es","acme-corp.com","econeura.io","correo.ugr.es","outlook.com","bbva.com","mail.co.uk","consultora-iberia.es","example.org","proton.me"]

def ascii_fold(s):
    tbl = str.maketrans("áéíóúÁÉÍÓÚñÑüÜ", "aeiouAEIOUnNuU")
    return s.translate(tbl)

def gen_email(first=None, last=None):
    first = first or R.choice(FIRST_ES + FIRST_EN); last = last or R.choice(LAST_ES + LAST_EN)
    f, l = ascii_fold(first).lower(), ascii_fold(last).lower()
    local = R.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}_{l}{R.randint(1,99)}", f"{f}.{l}+facturas", f"{l}.{f}", f"{f}{R.randint(70,99)}", "soporte", "rrhh", "it-helpdesk", "no-reply"])
    e = f"{local}@{R.choice(DOMAINS)}"
    if R.random() < 0.1: e = e[0].upper() + e[1:]
    return e

def gen_phone_es():
    kind = R.random()
    if kind < 0.6:
        d = R.choice("67") if R.random() < 0.85 else "6"
        num = d + ("".join(R.choice(string.digits) for _ in range(8)) if d == "6" else R.choice("1234") + "".join(R.choice(string.digits) for _ in range(7)))
        fmts = [lambda n: f"{n[:3]} {n[3:6]} {n[6:]}", lambda n: n, lambda n: f"+34 {n[:3]} {n[3:6]} {n[6:]}", lambda n: f"+34{n}",
                lambda n: f"0034 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", lambda n: f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", lambda n: f"+34 {n}", lambda n: f"{n[:3]}-{n[3:6]}-{n[6:]}", lambda n: f"+34-{n[:3]}-{n[3:6]}-{n[6:]}"]
    else:
        prov = R.choice(["91","93","96","95","94","98","976","983","928","922","954","965","958","971"])
        num = prov + "".join(R.choice(string.digits) for _ in range(9 - len(prov)))
        if num[2] == "0" and len(prov) == 2: num = num[:2] + "1" + num[3:]
        fmts = [lambda n: f"{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}" if n[:2] in ("91","93") else f"{n[:3]} {n[3:6]} {n[6:]}", lambda n: n, lambda n: f"+34 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}" if n[:2] in ("91","93") else f"+34 {n[:3]} {n[3:6]} {n[6:]}", lambda n: f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}"]
    return R.choice(fmts)(num)

PHONES_INTL = ["+44 20 7946 0958", "+44 7700 900123", "+44 161 496 0321", "+33 1 42 68 53 00", "+33 6 12 34 56 78", "+49 30 901820", "+49 151 23456789", "+49 89 12345678",
               "+39 06 6982 1234", "+39 347 123 4567", "+351 912 345 678", "+351 21 123 4567", "+32 2 555 12 34", "+31 20 123 4567", "+41 44 668 18 00", "+353 1 234 5678",
               "0044 20 7946 0958", "+33 (0)1 42 68 53 00", "+44 (0)20 7946 0958"]
PHONES_US = ["(415) 555-2671", "+1 415-555-2671", "415-555-2671", "(212) 736-5000", "+1 (646) 555-3890", "202.456.1414", "+1 650 253 0000", "1-800-275-2273", "(617) 253-1000", "312-555-0199"]

def gen_card(kind=None):
    kind = kind or R.choice(["visa","visa","mc","mc2","amex","disc","jcb","diners","unionpay"])
    if kind == "visa": d = luhn_complete("4" + str(R.randint(0,9)), 16)
    elif kind == "mc": d = luhn_complete(str(R.randint(51,55)), 16)
    elif kind == "mc2": d = luhn_complete(str(R.randint(2221,2720)), 16)
    elif kind == "amex": d = luhn_complete(R.choice(["34","37"]), 15)
    elif kind == "disc": d = luhn_complete("6011", 16)
    elif kind == "jcb": d = luhn_complete(str(R.randint(3528,3589)), 16)
    elif kind == "diners": d = luhn_complete("36", 14)
    else: d = luhn_complete("62" + str(R.randint(10, 99)), 16)
    return d
def fmt_card(d):
    r = R.random()
    if len(d) == 15:
        return R.choice([d, f"{d[:4]} {d[4:10]} {d[10:]}", f"{d[:4]}-{d[4:10]}-{d[10:]}"])
    if len(d) == 14:
        return R.choice([d, f"{d[:4]} {d[4:10]} {d[10:]}"])
    if r < 0.4: return " ".join(d[i:i+4] for i in range(0, 16, 4))
    if r < 0.7: return "-".join(d[i:i+4] for i in range(0, 16, 4))
    return d
PUBLIC_CARDS = ["4111111111111111", "4012888888881881", "5555555555554444", "5105105105105100", "378282246310005", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555 5555 5555 4444", "3782 822463 10005"]
PUBLIC_IBANS = ["ES9121000418450200051332", "ES91 2100 0418 4502 0005 1332", "DE89370400440532013000", "DE89 3704 0044 0532 0130 00", "GB29NWBK60161331926819", "GB29 NWBK 6016 1331 9268 19", "FR1420041010050500013M02606", "FR14 2004 1010 0505 0001 3M02 606", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"]

def gen_ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666: break
    return "%03d" % a, "%02d" % R.randint(1, 99), "%04d" % R.randint(1, 9999)
def fmt_ssn(p, bare=False):
    return "".join(p) if bare else R.choice(["-".join(p), "-".join(p), " ".join(p)])

def gen_ipv4():
    return R.choice([f"192.168.{R.randint(0,255)}.{R.randint(1,254)}", f"10.{R.randint(0,255)}.{R.randint(0,255)}.{R.randint(1,254)}", f"172.{R.randint(16,31)}.{R.randint(0,255)}.{R.randint(1,254)}",
                     f"{R.randint(11,223)}.{R.randint(0,255)}.{R.randint(0,255)}.{R.randint(1,254)}", "8.8.8.8", "127.0.0.1", "203.0.113.45", "198.51.100.7", "0.0.0.0", "1.1.1.1"])
IPV6 = ["2001:db8::1", "fe80::1ff:fe23:4567:890a", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "::1", "::ffff:192.168.1.1", "2a00:1450:4003:80b::200e", "2001:db8:0:1::42", "fd12:3456:789a:1::1"]

B64URL = string.ascii_letters + string.digits + "-_"
ALNUM = string.ascii_letters + string.digits
def rs(chars, n): return "".join(R.choice(chars) for _ in range(n))
def b64u(s): return base64.urlsafe_b64encode(s.encode()).decode().rstrip("=")
def gen_aws(): return R.choice(["AKIA", "AKIA", "ASIA"]) + rs(string.ascii_uppercase + string.digits, 16)
def gen_gh():
    if R.random() < 0.25: return "github_pat_" + rs(ALNUM, 22) + "_" + rs(ALNUM, 59)
    return with_checksum(R.choice(["ghp_","ghp_","gho_","ghs_","ghu_","ghr_"]) + rs(ALNUM, 36))
def gen_slack(): return R.choice(["xoxb-","xoxp-","xoxa-","xoxs-"]) + f"{R.randint(10**11,10**12-1)}-{R.randint(10**12,10**13-1)}-" + rs(ALNUM, 24)
def gen_jwt():
    h = b64u(json.dumps({"alg": R.choice(["HS256","RS256","ES256"]), "typ": "JWT"}, separators=(",", ":")))
    p = b64u(json.dumps({"sub": str(R.randint(1000, 99999)), "name": R.choice(FIRST_EN), "iat": R.randint(1600000000, 1750000000)}, separators=(",", ":")))
    return f"{h}.{p}.{rs(B64URL, 43)}"
def gen_openai(): return R.choice(["sk-", "sk-proj-"]) + rs(ALNUM, R.choice([32, 48])) 
def gen_pem():
    label = R.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    lines = [rs(string.ascii_letters + string.digits + "+/", 64) for _ in range(R.randint(3, 6))]
    lines.append(rs(string.ascii_letters + string.digits + "+/", 20) + "==")
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"
def gen_password(): return R.choice(["S3cr3t!2024", "P@ssw0rd_prod", "Tr0ub4dor&3", "hunter2!", "Verano2024#", "xK9$mQ2vL7", "N0Sh4r3_" + rs(ALNUM, 6), rs(ALNUM, 14), "Madrid.1987", "qwerty123!"])

def gen_decoy(kind):
    if kind == "card_bad":
        d = gen_card(); d = d[:-1] + str((int(d[-1]) + R.randint(1, 9)) % 10); return fmt_card(d)
    if kind == "iban_bad":
        i = gen_iban(R.choice(["ES","DE","FR"])); j = i[:-1] + str((int(i[-1]) + R.randint(1, 9)) % 10) if i[-1].isdigit() else i[:-2] + "00"
        return fmt_iban(j, R.random() < 0.5)
    if kind == "dni_bad":
        n, l = gen_dni(); bad = R.choice([c for c in DNI_L if c != l]); return n + R.choice(["", "-"]) + bad
    if kind == "ssn_bad": return R.choice(["000", "666", "912"]) + "-" + "%02d" % R.randint(1, 99) + "-" + "%04d" % R.randint(1, 9999)
    if kind == "order": return R.choice(["pedido nº ", "Pedido ", "order #", "Order no. ", "nº de pedido ", "factura ", "Invoice ", "ref. ", "Ref: ", "expediente ", "ticket #", "Ticket ", "#"]) + R.choice("6789") + rs(string.digits, 8)
    if kind == "invoice": return R.choice([f"INV-2024-{R.randint(1,999999):06d}", f"FAC/2024/{R.randint(1,9999):05d}", f"F-{R.randint(2020,2025)}-{R.randint(100,9999)}", f"PO{R.randint(100000,999999)}"])
    if kind == "date": return R.choice([f"2024-{R.randint(1,12):02d}-{R.randint(1,28):02d}", f"{R.randint(1,28):02d}/{R.randint(1,12):02d}/2024", f"{R.randint(1,28)}.{R.randint(1,12)}.2025", f"2025-03-{R.randint(10,28)}T{R.randint(0,23):02d}:{R.randint(0,59):02d}:{R.randint(0,59):02d}Z", f"{R.randint(0,23):02d}:{R.randint(0,59):02d}"])
    if kind == "amount": return R.choice([f"{R.randint(1,99)}.{R.randint(100,999)},{R.randint(10,99)} €", f"${R.randint(1,99)},{R.randint(100,999)}.{R.randint(10,99)}", f"{R.randint(100,999)},{R.randint(10,99)} EUR", f"{R.randint(1,9)}.{R.randint(100,999)}.{R.randint(100,999)},00 €", f"USD {R.randint(1000,99999)}.00"])
    if kind == "version": return R.choice([f"{R.randint(1,9)}.{R.randint(0,20)}.{R.randint(0,99)}", f"v{R.randint(1,20)}.{R.randint(0,9)}.{R.randint(0,500)}", "v10.0.401", "1.2.3.4.5", f"{R.randint(1,9)}.{R.randint(0,9)}.{R.randint(0,9)}-beta.{R.randint(1,9)}", "net10.0"])
    if kind == "uuid":
        h = rs("0123456789abcdef", 32); return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    if kind == "git": return rs("0123456789abcdef", 40)
    if kind == "placeholder": return R.choice(["Password=${DB_PASSWORD};", "password: <password>", "Pwd=****;", "Password=changeme;", "DB_PASSWORD=${DB_PASSWORD}", "postgres://app:${PG_PASS}@db:5432/app", "api_key=YOUR_API_KEY", "\"password\": \"{{ vault_password }}\"", "sk-xxxxxxxxxxxxxxxxxxxxxxxx", "Password=;"])
    if kind == "ip_bad": return R.choice(["256.100.1.1", "999.12.4.1", "01.02.03.04", "1.2.3.4.5", "10.0.0"])
    if kind == "mac": return ":".join(rs("0123456789ABCDEF", 2) for _ in range(6))
    if kind == "postal": return R.choice([f"CP {R.randint(1000,52999):05d}", f"C/ Mayor {R.randint(1,200)}, {R.randint(1,9)}º{R.choice('ABCD')}", f"28{R.randint(0,99):03d} Madrid", f"ZIP {R.randint(10000,99999)}"])
    if kind == "email_bad": return R.choice(["user@localhost", "@soporte_econeura", "name@domain", "john.doe@", "@Override"])
    if kind == "far_order": return R.choice(["el pedido que hiciste ayer por la tarde tiene el número ", "your order has been shipped and the tracking number is ", "el número de expediente asignado a su solicitud es ", "tu pedido con número ", "Su número de pedido es el ", "El localizador de la reserva es ", "Cliente nº ", "account no. ", "albarán "]) + R.choice("6789") + rs(string.digits, 8)
    if kind == "prod_code": return R.choice(["SKU ", "Producto ", "código de artículo ", "part SKU-", "Ref. producto "]) + gen_cif()
    if kind == "ssh": return R.choice(["git@github.com:econeura/dlp.git", "git@gitlab.com:infra/deploy.git", "deploy@build-01.internal:/srv/releases", "ana [at] empresa.es"])
    if kind == "pwd_placeholder": return R.choice(["password: ${DB_PASSWORD}", "password: <password>", "contraseña: ****", "DB_PASSWORD=changeme", "password: your-password-here", "password: password123", "\"password\": \"xxx\""])
    if kind == "ipish": return R.choice(["version 1.2.3.4", "v2.4.10.1", "build 10.0.19041.1", "OID 1.3.6.1.4.1.311.21", "fecha 2024.05.17", "ITIN 912-70-1234", "Employee ID 123456789"])
    if kind == "misc": return R.choice(["0x7fffffff", "1Z999AA10123456784", "ISBN 978-84-376-0494-7", "task-manager-service", "risk-assessment-2024", "SHA256: " + rs("0123456789abcdef", 64), "-----BEGIN CERTIFICATE-----", "error code 0x80070005", "puerto 8080", "HTTP 503", "pid 48213", "3.14159", "ratio 16:9", "1,5 millones"])
    raise ValueError(kind)

DECOY_KINDS = ["card_bad","iban_bad","dni_bad","ssn_bad","order","invoice","date","amount","version","uuid","git","placeholder","ip_bad","mac","postal","email_bad","misc"]

# ---- slot generators: return (surface, [(type, offset_in_surface, value)]) ----
def slot(name):
    if name == "EMAIL": v = gen_email(); return v, [("EMAIL", 0, v)]
    if name == "PHONE_ES": v = gen_phone_es(); return v, [("PHONE", 0, v)]
    if name == "PHONE_INTL": v = R.choice(PHONES_INTL); return v, [("PHONE", 0, v)]
    if name == "PHONE_US": v = R.choice(PHONES_US); return v, [("PHONE", 0, v)]
    if name == "CARD": v = fmt_card(gen_card()) if R.random() < 0.7 else R.choice(PUBLIC_CARDS); return v, [("CREDIT_CARD", 0, v)]
    if name == "IBAN":
        v = R.choice(PUBLIC_IBANS) if R.random() < 0.3 else fmt_iban(gen_iban(R.choice(["ES","ES","ES","DE","FR","GB","NL","IT","PT","BE","IE","AT","CH","PL"])), R.random() < 0.5)
        return v, [("IBAN", 0, v)]
    if name == "DNI":
        n, l = gen_dni()
        if R.random() < 0.1: n, l = "12345678", "Z"
        v = R.choice([n + l, n + l, n + "-" + l, f"{n[:2]}.{n[2:5]}.{n[5:]}-{l}", n + " " + l]); return v, [("ES_DNI", 0, v)]
    if name == "NIE":
        p, d, l = gen_nie()
        if R.random() < 0.1: p, d, l = "X", "1234567", "L"
        v = R.choice([p + d + l, p + d + l, f"{p}-{d}-{l}", p + d + "-" + l]); return v, [("ES_NIE", 0, v)]
    if name == "CIF":
        v = R.choice(["B12345674", "A58818501"]) if R.random() < 0.2 else gen_cif()
        if R.random() < 0.15: v = v[0] + "-" + v[1:]
        return v, [("ES_CIF", 0, v)]
    if name == "SSN": v = fmt_ssn(gen_ssn()); return v, [("US_SSN", 0, v)]
    if name == "SSN_BARE": v = fmt_ssn(gen_ssn(), bare=True); return v, [("US_SSN", 0, v)]
    if name == "IPV4": v = gen_ipv4(); return v, [("IP_ADDRESS", 0, v)]
    if name == "IPV6": v = R.choice(IPV6); return v, [("IP_ADDRESS", 0, v)]
    if name == "AWS": v = gen_aws(); return v, [("SECRET", 0, v)]
    if name == "GH": v = gen_gh(); return v, [("SECRET", 0, v)]
    if name == "SLACK": v = gen_slack(); return v, [("SECRET", 0, v)]
    if name == "JWT": v = gen_jwt(); return v, [("SECRET", 0, v)]
    if name == "OPENAI": v = gen_openai(); return v, [("SECRET", 0, v)]
    if name == "PEM": v = gen_pem(); return v, [("SECRET", 0, v)]
    if name == "PWD": v = gen_password(); return v, [("SECRET", 0, v)]
    if name == "CONNSTR":
        pw = gen_password()
        pre = R.choice([f"Server=sql-prod-01.internal;Database=Nominas;User Id=sa;Password=", f"Host=db.local;Port=5432;Username=app;Pwd=", f"Data Source=10.0.0.12,1433;Initial Catalog=crm;User ID=crm_svc;Password="])
        v = pre + pw + ";"
        return v, [("SECRET", len(pre), pw)] + ([("IP_ADDRESS", pre.index("10.0.0.12"), "10.0.0.12")] if "10.0.0.12" in pre else [])
    if name == "URIPWD":
        pw = gen_password().replace("@", "").replace("/", "").replace(":", "").replace("#", "").replace("?", "")
        scheme = R.choice(["postgres://app_user:", "mysql://root:", "mongodb+srv://admin:", "redis://default:", "amqp://guest:", "https://deploy:"])
        host = R.choice(["db.internal:5432/app", "mysql-01.prod.local:3306/erp", "cluster0.ab1cd.mongodb.net/test", "cache.internal:6379/0", "rabbit.local:5672/", "git.example.com/repo.git"])
        v = scheme + pw + "@" + host
        return v, [("SECRET", len(scheme), pw)]
    if name == "IBAN_ODD":
        v = fmt_iban_odd(gen_iban(R.choice(["ES","ES","ES","DE","FR","IT","PT"]))); return v, [("IBAN", 0, v)]
    if name == "NIE_ODD":
        p, d, l = gen_nie()
        v = R.choice([f"{p} {d} {l}", (p + d + l).lower(), p + d + l]); return v, [("ES_NIE", 0, v)]
    if name == "DNI_ODD":
        n, l = gen_dni()
        v = R.choice([n + l.lower(), f"{n[:2]} {n[2:5]} {n[5:]} {l}", n + l]); return v, [("ES_DNI", 0, v)]
    if name == "SLACK_HOOK":
        v = f"https://hooks.slack.com/services/T{rs(string.ascii_uppercase + string.digits, 8)}/B{rs(string.ascii_uppercase + string.digits, 10)}/{rs(ALNUM, 24)}"
        return v, [("SECRET", 0, v)]
    if name == "STRIPE":
        v = R.choice(["sk_live_", "rk_live_", "pk_live_", "sk_test_"]) + rs(ALNUM, R.choice([24, 34, 99])); return v, [("SECRET", 0, v)]
    if name == "GAPI": v = "AIza" + rs(B64URL, 35); return v, [("SECRET", 0, v)]
    if name == "BEARER":
        v = rs(ALNUM, 6) + str(R.randint(10, 99)) + rs(ALNUM + "-_", 30); return v, [("SECRET", 0, v)]
    if name == "PEM_JSON":
        v = gen_pem().replace("\n", "\\n"); return v, [("SECRET", 0, v)]
    if name == "PWD_FREE":
        pw = gen_password(); key = R.choice(["password: ", "contraseña: ", "Password: ", "pwd=", "DB_PASSWORD=", "\"password\": \""])
        v = key + pw + ("\"" if key.endswith("\"") else ""); return v, [("SECRET", len(key), pw)]
    if name == "IP_PORT":
        ip = gen_ipv4(); v = f"{ip}:{R.choice([80, 443, 8080, 5432, 6379, 9200])}"; return v, [("IP_ADDRESS", 0, ip)]
    if name == "IP6_PORT":
        ip = R.choice(["2001:db8::1", "2001:db8:0:1::42", "fd12:3456:789a:1::1"]); v = f"[{ip}]:{R.choice([443, 8443])}"; return v, [("IP_ADDRESS", 1, ip)]
    if name == "EMAIL_TAG":
        f, l = ascii_fold(R.choice(FIRST_ES)).lower(), ascii_fold(R.choice(LAST_ES)).lower()
        v = f"{f}.{l}+{R.choice(['news', 'facturas', 'jira', 'ventas'])}@{R.choice(['mail.empresa.es', 'eu.acme-corp.com', 'correo.ugr.es'])}"; return v, [("EMAIL", 0, v)]
    if name == "MAILTO":
        e = gen_email(); return f"mailto:{e}", [("EMAIL", 7, e)]
    if name == "NAME_ES": return R.choice(FIRST_ES) + " " + R.choice(LAST_ES), []
    if name == "NAME_EN": return R.choice(FIRST_EN) + " " + R.choice(LAST_EN), []
    if name.startswith("D_"):
        k = name[2:].lower()
        if k == "any": k = R.choice(DECOY_KINDS)
        return gen_decoy(k), []
    raise ValueError(name)

# ---- templates ----
T = []
def t(kind, lang, text): T.append((kind, lang, text))

t("hr_mail","es","Hola {NAME_ES},\nTe confirmo el alta en nómina. Datos recibidos: DNI {DNI}, IBAN {IBAN}, móvil {PHONE_ES}. Cualquier duda escribe a {EMAIL}.\nFecha de incorporación: {D_DATE}. Un saludo, RRHH")
t("hr_mail","es","Asunto: Documentación nuevo empleado\nAdjunto copia del NIE {NIE} de {NAME_ES} y su número de cuenta {IBAN}. Contacto personal: {EMAIL} / tel. {PHONE_ES}. Expediente {D_ORDER} archivado el {D_DATE}.")
t("hr_mail","es","Buenos días,\nPara tramitar la baja necesito el DNI ({DNI}) y un teléfono de contacto. El empleado indica el {PHONE_ES}. La liquidación asciende a {D_AMOUNT}. Gracias.")
t("hr_mail","en","Hi {NAME_EN},\nPayroll needs your SSN {SSN} and a bank account for direct deposit ({IBAN}). Please reply to {EMAIL} by {D_DATE}. Call me at {PHONE_US} if anything is unclear.")
t("hr_mail","en","New hire checklist for {NAME_EN}: email {EMAIL}, mobile {PHONE_INTL}, SSN: {SSN_BARE}. Laptop tag {D_INVOICE}, badge issued {D_DATE}.")
t("hr_mail","es","Nómina de {NAME_ES}: cuenta {IBAN}, importe neto {D_AMOUNT}. Revisa también la factura {D_INVOICE}. Contacto: {EMAIL}")
t("invoice","es","FACTURA {D_INVOICE}\nEmisor: Consultora Iberia S.L. CIF {CIF}\nCliente: {NAME_ES}, NIF {DNI}\nFecha: {D_DATE}\nTotal: {D_AMOUNT}\nPago por transferencia a {IBAN}. Dudas: {EMAIL} o {PHONE_ES}.")
t("invoice","es","Factura nº {D_ORDER}\nProveedor: {NAME_ES} (NIE {NIE})\nBase imponible {D_AMOUNT} · IVA 21 %\nDomiciliación: {IBAN}\n{D_POSTAL}")
t("invoice","en","INVOICE {D_INVOICE}\nBill to: {NAME_EN} <{EMAIL}>\nDate: {D_DATE}  Due: {D_DATE}\nAmount due: {D_AMOUNT}\nPay by card ending in the number on file or wire to {IBAN}.\nQuestions? {PHONE_US}")
t("invoice","en","Receipt for order {D_ORDER}. Card charged: {CARD}. Total {D_AMOUNT}. Billing contact {EMAIL}. VAT ID {CIF}.")
t("invoice","es","Cobro rechazado. Tarjeta {CARD} caducidad 08/27. Importe {D_AMOUNT}. Pedido {D_ORDER}. Llámanos al {PHONE_ES}.")
t("ticket","es","Ticket {D_INVOICE}: El cliente {NAME_ES} ({EMAIL}) no puede pagar con la tarjeta {CARD}. Dice que su teléfono es {PHONE_ES}. Versión de la app {D_VERSION}.")
t("ticket","es","Incidencia abierta {D_DATE}. Usuario con DNI {DNI} reclama un cargo en la cuenta {IBAN}. {D_ANY}. Contactar en {PHONE_ES} o {EMAIL}.")
t("ticket","en","Support case: customer {NAME_EN} reports a double charge on card {CARD} for order {D_ORDER}. Reach them at {PHONE_US} or {EMAIL}. App build {D_VERSION}.")
t("ticket","en","User {EMAIL} cannot log in from IP {IPV4}. Last successful login {D_DATE} from {IPV6}. Session id {D_UUID}.")
t("ticket","es","El proveedor con CIF {CIF} pide actualizar su IBAN a {IBAN}. Teléfono de contacto: {PHONE_INTL}. Ref. interna {D_INVOICE}.")
t("chat","es","Hola, ¿puedes redactar un email para mi casero? Mis datos: {NAME_ES}, DNI {DNI}, móvil {PHONE_ES}, correo {EMAIL}. Quiero que me devuelva la fianza a la cuenta {IBAN}.")
t("chat","es","Ayúdame a depurar esta cadena de conexión que falla: {CONNSTR} El servidor es {IPV4}.")
t("chat","en","Why does this fail? My connection string is {CONNSTR} and I run it on {IPV4}. Commit {D_GIT}.")
t("chat","en","Summarize this email thread. From: {NAME_EN} <{EMAIL}> To: {EMAIL} Subject: contract. Please call {PHONE_INTL} tomorrow. Amount {D_AMOUNT}.")
t("chat","en","Can you fix my script? export AWS_ACCESS_KEY_ID={AWS}\nexport GITHUB_TOKEN={GH}\nIt says access denied on version {D_VERSION}.")
t("chat","es","Tengo este token y no funciona: Authorization: Bearer {JWT}\n¿Qué significa el error 401? Lo probé el {D_DATE}.")
t("chat","en","Here is my OpenAI key {OPENAI}, why do I get 429 errors? Also my slack bot token is {SLACK}.")
t("chat","es","Traduce al inglés: \"Mi número de la seguridad social americana es {SSN} y mi teléfono {PHONE_US}\". Gracias.")
t("chat","en","Write a polite reply to {NAME_EN}. Her card {CARD} was declined twice; the order {D_ORDER} stays on hold. Use {EMAIL} as sender.")
t("incident","en","INCIDENT {D_INVOICE} - credentials leaked in repo. Found {AWS} and a private key:\n{PEM}\nRotated on {D_DATE}. Affected host {IPV4}.")
t("incident","es","Informe de incidente {D_DATE}: se detectó la clave {GH} en un log público. Además el fichero .env contenía DB_URL={URIPWD}. Responsable: {EMAIL}.")
t("incident","en","Post-mortem: the database URL {URIPWD} was printed in CI logs (job {D_ORDER}). Placeholder in template was {D_PLACEHOLDER}. Owner {EMAIL}, on-call {PHONE_INTL}.")
t("incident","es","Brecha de datos: se exportaron registros con tarjetas como {CARD} y cuentas {IBAN}. Origen {IPV4}. Notificado a la AEPD el {D_DATE}. Contacto DPO: {EMAIL}.")
t("log","en","{D_DATE} INFO  auth: login ok user={EMAIL} ip={IPV4}\n{D_DATE} WARN  api: slow request 2345 ms id={D_UUID}\n{D_DATE} ERROR db: connection refused {IPV4}:5432")
t("log","en","[{D_DATE}] POST /api/v1/payments 200 card={CARD} amount={D_AMOUNT} client={IPV6}")
t("log","en","DEBUG headers: {{\"Authorization\": \"Bearer {JWT}\", \"X-Request-Id\": \"{D_UUID}\"}} from {IPV4}")
t("log","es","{D_DATE} ERROR No se pudo enviar SMS a {PHONE_ES}: timeout tras 30 s. Pedido {D_ORDER}. Versión {D_VERSION}.")
t("log","en","config loaded: {{\"db\": {{\"host\": \"{IPV4}\", \"user\": \"svc\", \"password\": \"{PWD}\"}}, \"slack\": \"{SLACK}\"}}")
t("log","en","git log: commit {D_GIT}\nAuthor: {NAME_EN} <{EMAIL}>\nDate: {D_DATE}\n    bump to {D_VERSION}")
t("mixed","es","Recordatorio: la reunión es el {D_DATE} a las {D_DATE}. Presupuesto {D_AMOUNT}. Sin datos personales. {D_ANY}. {D_ANY}.")
t("mixed","en","Release notes {D_VERSION}: fixed rounding of {D_AMOUNT}; tracking id {D_UUID}; see commit {D_GIT}. {D_ANY}.")
t("mixed","es","Pedido {D_ORDER} enviado. Seguimiento {D_MISC}. Dirección: {D_POSTAL}. Importe {D_AMOUNT}. {D_ANY}.")
t("mixed","en","Meeting notes {D_DATE}: budget {D_AMOUNT}, order {D_ORDER}, version {D_VERSION}. {D_ANY}. {D_ANY}. No PII here.")
t("mixed","es","Para el formulario: correo {EMAIL}, teléfono {PHONE_ES}, DNI {DNI}. Ignora el número de factura {D_ORDER} y la fecha {D_DATE}.")
t("mixed","en","Customer record: name {NAME_EN}; phone {PHONE_US}; email {EMAIL}; SSN {SSN}; card {CARD}; IP {IPV4}.")
t("mixed","es","Datos del socio: {NAME_ES}, NIE {NIE}, IBAN {IBAN}, tel {PHONE_INTL}. Cuota {D_AMOUNT}. {D_ANY}.")
t("decoys","es","Sin datos sensibles: pedido {D_ORDER}, factura {D_INVOICE}, tarjeta inválida {D_CARD_BAD}, IBAN erróneo {D_IBAN_BAD}, DNI con letra mala {D_DNI_BAD}, fecha {D_DATE}, importe {D_AMOUNT}.")
t("decoys","en","Test data only: invalid card {D_CARD_BAD}, bad IBAN {D_IBAN_BAD}, invalid SSN {D_SSN_BAD}, bad IP {D_IP_BAD}, MAC {D_MAC}, uuid {D_UUID}, commit {D_GIT}, {D_EMAIL_BAD}.")
t("decoys","en","Config template: {D_PLACEHOLDER} and {D_PLACEHOLDER}. Version {D_VERSION}. Build date {D_DATE}. {D_MISC}.")
t("decoys","es","Referencias: {D_ORDER}, {D_ORDER}, {D_INVOICE}. Horario {D_DATE}. {D_MISC}. {D_POSTAL}.")
t("secrets","en","Leaked in the wiki: aws_secret for {AWS}, slack {SLACK}, github {GH}, openai {OPENAI}. Rotate all before {D_DATE}.")
t("secrets","es","Variables del despliegue:\nDATABASE_URL={URIPWD}\nJWT_SAMPLE={JWT}\nDB_PASSWORD={PWD}\nAPI_VERSION={D_VERSION}")
t("phones","es","Contactos de guardia: Ana {PHONE_ES}, Jorge {PHONE_ES}, centralita {PHONE_ES}. Oficina Londres {PHONE_INTL}. Oficina NY {PHONE_US}.")
t("phones","en","Call me on {PHONE_INTL} or whatsapp {PHONE_ES}. Order number {D_ORDER}, invoice {D_INVOICE}.")

# ---- real-world formats (irregular IBAN layouts, phone reference context, spaced / lower-case ids, webhooks, logs) ----
t("hr_mail","es","Hola {NAME_ES}, para la nómina usaremos la cuenta {IBAN_ODD}. Tu NIE {NIE_ODD} ya está registrado; el DNI del aval es {DNI_ODD}. Cualquier cosa, llámame al {PHONE_ES}. P.D.: {D_FAR_ORDER}.")
t("invoice","es","Factura {D_INVOICE}. Emisor con CIF {CIF}. Domiciliación bancaria: IBAN: {IBAN_ODD}. {D_PROD_CODE} x 3 uds. Te confirmo que {D_FAR_ORDER} y llegará el lunes.")
t("ticket","en","Ticket {D_INVOICE}: customer {NAME_EN} says {D_FAR_ORDER}. Callback on {PHONE_US}. Replies go to {EMAIL_TAG}; repo {D_SSH}. Card on file {CARD} cvv 123.")
t("chat","en","My deploy fails. Slack alerts go to {SLACK_HOOK} and the API call sends Authorization: Bearer {BEARER}. Maps key {GAPI}, payments {STRIPE}. Config has {PWD_FREE} but staging uses {D_PWD_PLACEHOLDER}.")
t("log","en","{D_DATE} ERROR upstream {IP_PORT} timed out; retry {IP6_PORT}; agent {D_IPISH}; notify {MAILTO}")
t("incident","en","Leaked service account JSON: {{\"type\": \"service_account\", \"private_key\": \"{PEM_JSON}\\n\", \"client_email\": \"{EMAIL}\"}}. Also {D_IPISH}. Host {IP_PORT}.")
t("chat","es","Ayúdame con este correo: {D_FAR_ORDER}. Mis datos: NIE {NIE_ODD}, cuenta {IBAN_ODD}, móvil {PHONE_ES}. {D_PROD_CODE}. {D_SSH}.")

SLOT_RE = re.compile(r"\{([A-Z0-9_]+)\}")

def render(tpl):
    out = []; ents = []; pos = 0; last = 0
    text = ""
    for m in SLOT_RE.finditer(tpl):
        lit = tpl[last:m.start()].replace("{{", "{").replace("}}", "}")
        text += lit
        surface, es = slot(m.group(1))
        for (ty, off, val) in es:
            ents.append({"type": ty, "start": len(text) + off, "length": len(val), "value": val})
        text += surface
        last = m.end()
    text += tpl[last:].replace("{{", "{").replace("}}", "}")
    return text, ents

def main():
    out_path = sys.argv[1]
    docs = []
    n = 0
    rounds = 4
    for r in range(rounds):
        for (kind, lang, tpl) in T:
            text, ents = render(tpl)
            for e in ents:
                assert text[e["start"]:e["start"] + e["length"]] == e["value"], (text, e)
                v = e["value"]; ty = e["type"]
                if ty == "CREDIT_CARD": d = re.sub(r"\D", "", v); assert luhn_ok(d), v
                if ty == "IBAN": assert iban_valid(v), v
                if ty == "ES_DNI": d = re.sub(r"\D", "", v); assert DNI_L[int(d) % 23] == v[-1].upper(), v
                if ty == "ES_NIE": d = re.sub(r"\D", "", v); assert DNI_L[int(str("XYZ".index(v[0].upper())) + d) % 23] == v[-1].upper(), v
            n += 1
            docs.append({"id": f"{kind}-{lang}-{n:03d}", "lang": lang, "kind": kind, "text": text, "entities": ents})
    sys.path.insert(0, __import__("os").path.dirname(__file__))
    from hard_docs import HARD
    for i, (lang, kind, text, labels) in enumerate(HARD, 1):
        ents = []; used = set()
        for ty, val in labels:
            start = text.find(val)
            while start in used: start = text.find(val, start + 1)
            assert start >= 0, val
            used.add(start)
            ents.append({"type": ty, "start": start, "length": len(val), "value": val})
        docs.append({"id": f"hard-{kind}-{lang}-{i:02d}", "lang": lang, "kind": kind, "text": text, "entities": ents})
    with open(out_path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    from collections import Counter
    c = Counter(e["type"] for d in docs for e in d["entities"])
    print(len(docs), "docs", dict(c))

if __name__ == "__main__":
    main()
