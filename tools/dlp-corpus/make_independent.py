#!/usr/bin/env python3
"""Generate an independent, labelled held-out evaluation set for a DLP detector.

Seeded and reproducible:  python3 make_heldout.py [--seed N] [--out heldout.jsonl]
Standard library only.  Offsets are UTF-16 code units (text is BMP-only, so equal
to Python indices; this is asserted).

Entities are embedded while templating with E(type, value) sentinels, then the
sentinels are stripped and the offsets recorded.  Every label is re-checked:
span text == value, no overlap, value passes its own validator.  Decoys are
generated so they are *invalid* as the type they resemble (Luhn-invalid numbers,
wrong IBAN check digits, wrong DNI letters ...) and a final scan reports any
unlabelled look-alike that would validate.
"""
import argparse, base64, collections, ipaddress, json, re, string, sys, unicodedata, uuid
import random
from github_token import with_checksum

R = random.Random(20240611)

TYPES = ["EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "ES_DNI", "ES_NIE", "ES_CIF",
         "US_SSN", "IP_ADDRESS", "SECRET"]


def E(t, v):
    assert t in TYPES, t
    assert "\x00" not in v and "\x01" not in v and "\x02" not in v
    return "\x00" + t + "\x01" + v + "\x02"


def pick(s):
    return R.choice(s)


def digits(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def alnum(n, chars=string.ascii_letters + string.digits):
    return "".join(R.choice(chars) for _ in range(n))


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()

# ---------------------------------------------------------------------------
# Validators
# ---------------------------------------------------------------------------

def luhn_ok(num):
    d = [int(c) for c in num]
    tot = 0
    for i, x in enumerate(reversed(d)):
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


def card_brand(num):
    if num[0] == "4" and len(num) == 16:
        return "visa"
    if len(num) == 16 and (51 <= int(num[:2]) <= 55 or 2221 <= int(num[:4]) <= 2720):
        return "mastercard"
    if len(num) == 15 and num[:2] in ("34", "37"):
        return "amex"
    if len(num) == 16 and (num.startswith("6011") or num.startswith("65") or 644 <= int(num[:3]) <= 649):
        return "discover"
    return None


def valid_card(v):
    n = re.sub(r"[ -]", "", v)
    return n.isdigit() and card_brand(n) is not None and luhn_ok(n)


IBAN_LEN = {"ES": 24, "DE": 22, "FR": 27, "IT": 27, "PT": 25, "NL": 18, "GB": 22, "BE": 16, "IE": 22}


def iban_mod(s):
    return int("".join(str(int(ch, 36)) for ch in s)) % 97


def valid_iban(v):
    s = re.sub(r"[ -]", "", v).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    if IBAN_LEN.get(s[:2]) != len(s):
        return False
    return iban_mod(s[4:] + s[:4]) == 1


DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def valid_dni(v):
    s = re.sub(r"[ .\-]", "", v).upper()
    m = re.fullmatch(r"(\d{8})([A-Z])", s)
    return bool(m) and DNI_LETTERS[int(m.group(1)) % 23] == m.group(2)


def valid_nie(v):
    s = re.sub(r"[ .\-]", "", v).upper()
    m = re.fullmatch(r"([XYZ])(\d{7})([A-Z])", s)
    if not m:
        return False
    n = int(str("XYZ".index(m.group(1))) + m.group(2))
    return DNI_LETTERS[n % 23] == m.group(3)


def cif_control(d7):
    a = sum(int(d7[i]) for i in (1, 3, 5))
    b = sum(sum(divmod(int(d7[i]) * 2, 10)) for i in (0, 2, 4, 6))
    c = (10 - (a + b) % 10) % 10
    return str(c), "JABCDEFGHI"[c]


def valid_cif(v):
    s = re.sub(r"[ .\-]", "", v).upper()
    m = re.fullmatch(r"([ABCDEFGHJNPQRSUVW])(\d{7})([0-9A-J])", s)
    if not m:
        return False
    L, d7, ctl = m.groups()
    dig, let = cif_control(d7)
    if L in "PQRSNW":
        return ctl == let
    if L in "ABEH":
        return ctl == dig
    return ctl in (dig, let)


def valid_ssn(v):
    m = re.fullmatch(r"(\d{3})[- ]?(\d{2})[- ]?(\d{4})", v)
    if not m:
        return False
    a, g, s = m.groups()
    return a not in ("000", "666") and not a.startswith("9") and g != "00" and s != "0000"


def valid_ip(v):
    try:
        ipaddress.ip_address(v)
        return True
    except ValueError:
        return False


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")


def valid_email(v):
    return bool(EMAIL_RE.fullmatch(v)) and ".." not in v


US_AREAS = ["212", "646", "718", "917", "415", "628", "312", "773", "617", "213", "310",
            "305", "206", "512", "303", "404", "702", "713", "202", "617"]


def valid_phone(v):
    s = v.replace("(0)", "")
    s = re.sub(r"[\s\-.()/]", "", s)
    if s.startswith("00"):
        s = "+" + s[2:]
    pats = [
        r"(\+34)?([67]\d{8}|9[1-8]\d{7})",            # Spain
        r"(\+1)?([2-9]\d{2})([2-9]\d{2})(\d{4})",       # NANP
        r"(\+44|0)(20\d{8}|7\d{9}|1\d{8,9})",           # UK
        r"(\+33|0)[1-79]\d{8}",                         # France
        r"(\+49|0)(30\d{7,8}|1[5-7]\d{8,9}|[2-9]\d{8,10})",  # Germany
        r"(\+39)?(0\d{7,10}|3\d{8,9})",                 # Italy
        r"(\+351)?(2\d{8}|9[1236]\d{7})",               # Portugal
    ]
    for p in pats:
        m = re.fullmatch(p, s)
        if m:
            if p.startswith(r"(\+1)"):
                area, exch, line = m.group(2), m.group(3), m.group(4)
                if area not in US_AREAS or exch.endswith("11") or (exch == "555" and line.startswith("01")):
                    continue
            return True
    return False


PLACEHOLDERS = {"changeme", "****", "<password>", "your-api-key-here", "password", "xxx", "null"}


def valid_secret(v):
    if not v or v.lower() in PLACEHOLDERS or v.startswith("${") or v.startswith("<"):
        return False
    if v.startswith("-----BEGIN"):
        return bool(re.fullmatch(r"-----BEGIN ([A-Z]+ )?PRIVATE KEY-----\n([A-Za-z0-9+/=]+\n)+-----END ([A-Z]+ )?PRIVATE KEY-----", v))
    if v.startswith("AKIA"):
        return bool(re.fullmatch(r"AKIA[A-Z2-7]{16}", v))
    if v.startswith("ghp_"):
        return bool(re.fullmatch(r"ghp_[A-Za-z0-9]{36}", v)) and with_checksum(v) == v
    if v.startswith("github_pat_"):
        return bool(re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v))
    if v.startswith("xox"):
        return bool(re.fullmatch(r"xox[bp]-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}", v))
    if v.startswith("eyJ"):
        parts = v.split(".")
        if len(parts) != 3:
            return False
        hdr = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        return "alg" in hdr
    if v.startswith("sk-proj-"):
        return bool(re.fullmatch(r"sk-proj-[A-Za-z0-9_\-]{80,}", v))
    if v.startswith("sk_live_"):
        return bool(re.fullmatch(r"sk_live_[A-Za-z0-9]{24,99}", v))
    if v.startswith("sk-"):
        return bool(re.fullmatch(r"sk-[A-Za-z0-9]{48}", v))
    if v.startswith("AIza"):
        return bool(re.fullmatch(r"AIza[A-Za-z0-9_\-]{35}", v))
    # generic password / key value: no whitespace, no quotes, reasonably long
    return len(v) >= 8 and not re.search(r"[\s\"';]", v)


VALIDATORS = {"EMAIL": valid_email, "PHONE": valid_phone, "CREDIT_CARD": valid_card,
              "IBAN": valid_iban, "ES_DNI": valid_dni, "ES_NIE": valid_nie, "ES_CIF": valid_cif,
              "US_SSN": valid_ssn, "IP_ADDRESS": valid_ip, "SECRET": valid_secret}

# ---------------------------------------------------------------------------
# Value generators (valid)
# ---------------------------------------------------------------------------

def gen_card(brand=None):
    brand = brand or pick(["visa", "visa", "visa", "mc", "mc", "mc2", "amex", "discover"])
    if brand == "visa":
        pre, L = "4", 16
    elif brand == "mc":
        pre, L = str(R.randint(51, 55)), 16
    elif brand == "mc2":
        pre, L = str(R.randint(2221, 2720)), 16
    elif brand == "amex":
        pre, L = pick(["34", "37"]), 15
    else:
        pre, L = pick(["6011", str(R.randint(644, 649)), "65"]), 16
    body = pre + digits(L - 1 - len(pre))
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c


def fmt_card(n, sep=None):
    sep = pick([" ", " ", "-", ""]) if sep is None else sep
    if len(n) == 15:
        parts = [n[:4], n[4:10], n[10:]]
    else:
        parts = [n[i:i + 4] for i in range(0, 16, 4)]
    return sep.join(parts)


def card(brand=None, sep=None):
    return E("CREDIT_CARD", fmt_card(gen_card(brand), sep))


def iban_check(cc, bban):
    return "%02d" % (98 - iban_mod(bban + cc + "00"))


def ccc_dc(ten):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(a) * b for a, b in zip(ten, w)) % 11
    return {11: 0, 10: 1}.get(d, d)


IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def it_cin(s):
    tot = 0
    for i, ch in enumerate(s):
        k = int(ch) if ch.isdigit() else ord(ch) - 65
        tot += IT_ODD[k] if i % 2 == 0 else k
    return chr(65 + tot % 26)


def gen_bban(cc):
    if cc == "ES":
        bank = pick(["2100", "0049", "0182", "0081", "2038", "0128", "1465", "0075", "3058", "2085"])
        br, acct = digits(4), digits(10)
        return bank + br + str(ccc_dc("00" + bank + br)) + str(ccc_dc(acct)) + acct
    if cc == "DE":
        return pick(["10070000", "37040044", "50010517", "20041133", "70150000", "12030000"]) + digits(10)
    if cc == "FR":
        bank, br, acct = pick(["30004", "30003", "20041", "10278", "30002"]), digits(5), digits(11)
        key = 97 - ((89 * int(bank) + 15 * int(br) + 3 * int(acct)) % 97)
        return bank + br + acct + "%02d" % key
    if cc == "IT":
        rest = pick(["03069", "02008", "05034", "01030"]) + digits(5) + digits(12)
        return it_cin(rest) + rest
    if cc == "PT":
        b = pick(["0007", "0035", "0033", "0010", "0036"]) + digits(4) + digits(11)
        return b + "%02d" % (98 - (int(b) * 100) % 97)
    if cc == "NL":
        while True:
            a = digits(9)
            c = (-sum(int(x) * (10 - i) for i, x in enumerate(a))) % 11
            if c < 10:
                return pick(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) + a + str(c)
    if cc == "GB":
        return pick(["NWBK", "BARC", "HBUK", "LOYD", "MIDL"]) + digits(6) + digits(8)
    if cc == "BE":
        b = digits(10)
        c = int(b) % 97 or 97
        return b + "%02d" % c
    if cc == "IE":
        return pick(["AIBK", "BOFI"]) + digits(6) + digits(8)
    raise ValueError(cc)


def gen_iban(cc="ES"):
    b = gen_bban(cc)
    s = cc + iban_check(cc, b) + b
    assert valid_iban(s), s
    return s


def fmt_iban(s, style=None):
    style = style or pick(["groups", "groups", "compact"])
    if style == "groups":
        return " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return s


def iban(cc="ES", style=None):
    return E("IBAN", fmt_iban(gen_iban(cc), style))


def gen_dni():
    n = R.randint(1000000, 99999999)
    return "%08d" % n, DNI_LETTERS[n % 23]


def dni(style=None):
    s, l = gen_dni()
    style = style or pick(["plain", "plain", "plain", "dash", "dots", "lower", "space"])
    v = {"plain": s + l, "dash": s + "-" + l, "dots": s[:2] + "." + s[2:5] + "." + s[5:] + "-" + l,
         "lower": s + l.lower(), "space": s + " " + l}[style]
    return E("ES_DNI", v)


def nie(style=None):
    p = pick("XXYYZ")
    d = digits(7)
    l = DNI_LETTERS[int(str("XYZ".index(p)) + d) % 23]
    style = style or pick(["plain", "plain", "dash", "lower"])
    v = {"plain": p + d + l, "dash": p + "-" + d + "-" + l, "lower": (p + d + l).lower()}[style]
    return E("ES_NIE", v)


def gen_cif(letter=None):
    L = letter or pick("BBBBBAAGJPQU")
    d7 = pick(["28", "08", "46", "41", "48", "50", "29", "15", "33", "30"]) + digits(5)
    dig, let = cif_control(d7)
    ctl = let if L in "PQRSNW" else dig
    return L + d7 + ctl


def cif(letter=None, style=None):
    c = gen_cif(letter)
    style = style or pick(["plain", "plain", "plain", "dash", "space"])
    v = {"plain": c, "dash": c[0] + "-" + c[1:], "space": c[0] + " " + c[1:]}[style]
    return E("ES_CIF", v)


def gen_ssn():
    while True:
        a = R.randint(1, 899)
        if a != 666:
            break
    return "%03d" % a, "%02d" % R.randint(1, 99), "%04d" % R.randint(1, 9999)


def ssn(style=None):
    a, g, s = gen_ssn()
    sep = {"dash": "-", "space": " ", "compact": ""}[style or pick(["dash", "dash", "dash", "space", "compact"])]
    return E("US_SSN", a + sep + g + sep + s)


def gen_ipv4_public():
    while True:
        ip = ipaddress.IPv4Address(R.getrandbits(32))
        if ip.is_global and not ip.is_multicast and int(str(ip).split(".")[0]) not in (0, 127):
            return str(ip)


def gen_ipv4_private():
    return pick([lambda: "10.%d.%d.%d" % (R.randint(0, 60), R.randint(0, 255), R.randint(2, 254)),
                 lambda: "192.168.%d.%d" % (R.randint(0, 20), R.randint(2, 254)),
                 lambda: "172.%d.%d.%d" % (R.randint(16, 31), R.randint(0, 255), R.randint(2, 254))])()


def gen_ipv6(kind=None):
    kind = kind or pick(["global", "global", "compressed", "linklocal"])
    if kind == "global":
        groups = [pick(["2a02", "2001", "2a01", "2600", "2804"])] + ["%x" % R.randint(0, 0xffff) for _ in range(7)]
        return str(ipaddress.IPv6Address(":".join(groups)))
    if kind == "compressed":
        return pick(["2a02", "2001:67c", "2a0c"]) + ":%x:%x::%x" % (R.randint(1, 0xffff), R.randint(1, 0xffff), R.randint(1, 0xfff))
    return "fe80::%x:%x:%x:%x" % tuple(R.randint(1, 0xffff) for _ in range(4))


def ip(kind=None):
    kind = kind or pick(["pub", "pub", "priv"])
    v = {"pub": gen_ipv4_public, "priv": gen_ipv4_private, "v6": gen_ipv6, "v6g": lambda: gen_ipv6("global")}[kind]()
    assert valid_ip(v)
    return E("IP_ADDRESS", v)


def phone_es(kind=None, style=None):
    kind = kind or pick(["mob", "mob", "mob", "fix"])
    if kind == "mob":
        n = pick(["6", "6", "6", "7"])
        n += (pick("1234") if n == "7" else str(R.randint(0, 9))) + digits(7)
        a = [n[:3], n[3:6], n[6:]]
        b = [n[:3], n[3:5], n[5:7], n[7:]]
    else:
        pre = pick(["91", "93", "96", "95", "94", "98", "97"])
        n = pre + str(R.randint(2, 8)) + digits(6)
        a = [n[:3], n[3:6], n[6:]]
        b = [n[:2], n[2:5], n[5:7], n[7:]]
    style = style or pick(["sp3", "sp2", "compact", "dash", "intl", "intl", "intlc", "00", "dot"])
    v = {"sp3": " ".join(a), "sp2": " ".join(b), "compact": n, "dash": "-".join(a),
         "intl": "+34 " + " ".join(a), "intlc": "+34" + n, "00": "0034 " + " ".join(a),
         "dot": ".".join(a)}[style]
    return E("PHONE", v)


def phone_us(style=None):
    area = pick(US_AREAS)
    while True:
        ex = str(R.randint(2, 9)) + digits(2)
        if not ex.endswith("11") and ex != "555":
            break
    ln = digits(4)
    style = style or pick(["paren", "paren", "dash", "dot", "intl", "intlparen", "intldash"])
    v = {"paren": "(%s) %s-%s" % (area, ex, ln), "dash": "%s-%s-%s" % (area, ex, ln),
         "dot": "%s.%s.%s" % (area, ex, ln), "intl": "+1 %s %s %s" % (area, ex, ln),
         "intlparen": "+1 (%s) %s-%s" % (area, ex, ln), "intldash": "+1-%s-%s-%s" % (area, ex, ln)}[style]
    return E("PHONE", v)


def phone_uk(style=None):
    kind = pick(["ldn", "ldn", "mob", "man"])
    if kind == "ldn":
        tail = "0" + digits(3)
        opts = ["+44 20 7946 " + tail, "020 7946 " + tail, "+44 (0)20 7946 " + tail, "+442079460" + tail[1:]]
    elif kind == "mob":
        tail = "900" + digits(3)
        opts = ["07700 " + tail, "+44 7700 " + tail, "+44 7700 %s %s" % (tail[:3], tail[3:])]
    else:
        tail = "0" + digits(3)
        opts = ["0161 496 " + tail, "+44 161 496 " + tail]
    return E("PHONE", pick(opts))


def phone_eu(cc=None):
    cc = cc or pick(["FR", "DE", "IT", "PT"])
    if cc == "FR":
        d = pick(["1", "1", "6", "7", "4"]) + digits(8)
        pairs = " ".join(d[i:i + 2] for i in range(1, 9, 2))
        v = pick(["+33 %s %s" % (d[0], pairs), "0%s %s" % (d[0], pairs), "+33%s" % d, "0%s.%s" % (d[0], pairs.replace(" ", "."))])
    elif cc == "DE":
        if R.random() < 0.6:
            d = digits(8)
            v = pick(["+49 30 " + d, "030 %s %s" % (d[:4], d[4:]), "+49 (0)30 %s" % d, "+49 30 %s-%s" % (d[:4], d[4:])])
        else:
            m = pick(["151", "160", "170", "176"]) + digits(8)
            v = pick(["+49 %s %s" % (m[:3], m[3:]), "0%s %s" % (m[:3], m[3:])])
    elif cc == "IT":
        if R.random() < 0.6:
            d = digits(8)
            v = pick(["+39 06 %s %s" % (d[:4], d[4:]), "06 " + d, "+39 06 " + d])
        else:
            m = pick(["347", "333", "320", "338"]) + digits(7)
            v = pick(["+39 %s %s %s" % (m[:3], m[3:6], m[6:]), "%s %s" % (m[:3], m[3:])])
    else:
        if R.random() < 0.6:
            d = "21" + str(R.randint(1, 9)) + digits(6)
            v = pick(["+351 %s %s %s" % (d[:2], d[2:5], d[5:]), "%s %s %s" % (d[:3], d[3:6], d[6:]), "00351 " + d])
        else:
            m = pick(["91", "92", "93", "96"]) + digits(7)
            v = pick(["+351 %s %s %s" % (m[:3], m[3:6], m[6:]), m])
    return E("PHONE", v)


ES_FIRST = ["Lucía", "Javier", "María José", "Carlos", "Ainhoa", "Sergio", "Marta", "Álvaro", "Nerea", "Pablo",
            "Elena", "Íñigo", "Rocío", "Jorge", "Beatriz", "Raúl", "Cristina", "Andrés", "Lorena", "Miguel Ángel",
            "Noelia", "Óscar", "Irene", "Daniel", "Begoña"]
ES_LAST = ["García", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez", "Ruiz", "Díaz", "Moreno",
           "Álvarez", "Romero", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos", "Gil", "Serrano", "Molina",
           "Ortega", "Iglesias", "Castro", "Sanz", "Núñez", "Echeverría", "Peña", "Ibáñez"]
EN_FIRST = ["James", "Olivia", "Michael", "Emma", "David", "Sophie", "Daniel", "Grace", "Ryan", "Hannah",
            "Connor", "Priya", "Marcus", "Chloe", "Ethan", "Aisha", "Liam", "Rebecca", "Tom", "Megan", "Wei", "Fatima"]
EN_LAST = ["Smith", "Johnson", "Williams", "Brown", "O'Neill", "Taylor", "Patel", "Nguyen", "Walker", "Hughes",
           "Carter", "Murphy", "Kowalski", "Bennett", "Reyes", "Fischer", "Okafor", "Clarke", "Hall", "Young"]

ES_COMP = [("Distribuciones Albora S.L.", "albora.es"), ("Transportes Lucena S.A.", "transporteslucena.com"),
           ("Clínica Dental Sonrisa Norte S.L.", "sonrisanorte.es"), ("Grupo Ferralia S.A.", "ferralia-group.com"),
           ("Nexo Digital Consultores S.L.", "nexodigital.es"), ("Hostelería Mar de Plata S.L.", "mardeplata.es"),
           ("Construcciones Hermanos Iturbe S.L.", "iturbe-construcciones.es"), ("Laboratorios Vialmed S.A.", "vialmed.com")]
EN_COMP = [("Northbridge Logistics Ltd", "northbridge-logistics.co.uk"), ("Harbor & Finch LLC", "harborfinch.com"),
           ("Brightwave Analytics Inc.", "brightwave.io"), ("Kestrel Health Partners", "kestrelhealth.com"),
           ("Oakline Retail Group plc", "oakline.co.uk"), ("Summit Ridge Capital LLC", "summitridgecap.com"),
           ("Bluefern Software GmbH", "bluefern.de"), ("Cobalt Freight BV", "cobaltfreight.nl")]
FREEMAIL_ES = ["gmail.com", "hotmail.com", "hotmail.es", "outlook.es", "yahoo.es", "icloud.com", "telefonica.net"]
FREEMAIL_EN = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.co.uk", "protonmail.com", "btinternet.com"]


def es_person():
    return pick(ES_FIRST), pick(ES_LAST), pick(ES_LAST)


def en_person():
    return pick(EN_FIRST), pick(EN_LAST)


def gen_email(first, last, domain=None, lang="es"):
    f = ascii_fold(first).lower().replace(" ", "")
    l = ascii_fold(last).lower().replace(" ", "").replace("'", "")
    free = FREEMAIL_ES if lang == "es" else FREEMAIL_EN
    if domain is None:
        domain = pick(free)
        shape = pick(["dot", "plus", "num", "under", "initial", "hyphen"])
    else:
        shape = pick(["dot", "dot", "initial", "sub", "hyphen", "upper"])
    tag = pick(["nomina", "facturas", "trabajo", "shop", "work", "news", "amazon"])
    local = {"dot": f + "." + l, "plus": f + "." + l + "+" + tag, "num": f + l + str(R.randint(70, 99)),
             "under": f + "_" + l, "initial": f[0] + l, "hyphen": f + "-" + l, "sub": f[0] + "." + l,
             "upper": first.split()[0] + "." + ascii_fold(last).replace("'", "")}[shape]
    local = ascii_fold(local).replace(" ", "")
    if shape == "sub":
        domain = pick(["mail.", "eu.", "corp.", "staff."]) + domain
    if shape == "upper":
        domain = domain[0].upper() + domain[1:]
    return local + "@" + domain


def email(first=None, last=None, domain=None, lang="es"):
    if first is None:
        first, last = (es_person()[:2] if lang == "es" else en_person())
    return E("EMAIL", gen_email(first, last, domain, lang))


def role_email(role, domain):
    return E("EMAIL", role + "@" + domain)

# secrets -------------------------------------------------------------------

def gen_password():
    s = pick(["season", "random", "random", "phrase", "leet"])
    if s == "season":
        return pick(["Verano", "Invierno", "Primavera", "Summer", "Winter", "Autumn", "Madrid", "London"]) + str(R.randint(2019, 2025)) + pick("!*#$")
    if s == "random":
        return alnum(R.randint(12, 18), string.ascii_letters + string.digits + "!%*-_+=")
    if s == "phrase":
        return "-".join([pick(["azul", "tigre", "nube", "river", "copper", "falcon", "lima", "orbit", "mango"]) for _ in range(3)]) + str(R.randint(10, 99))
    return pick(["P4ssw0rd", "Adm1n", "S3rv1c3", "N0m1n4s", "Fact_"]) + "_" + alnum(4) + pick("!*#")


def pw():
    return E("SECRET", gen_password())


def aws_key():
    return E("SECRET", "AKIA" + alnum(16, string.ascii_uppercase + "234567"))


def aws_secret():
    return E("SECRET", alnum(40, string.ascii_letters + string.digits + "/+"))


def gh_token():
    return E("SECRET", with_checksum("ghp_" + alnum(36)))


def gh_pat():
    return E("SECRET", "github_pat_" + alnum(22) + "_" + alnum(59))


def slack_token():
    return E("SECRET", "xoxb-%s-%s-%s" % (digits(12), digits(13), alnum(24)))


def b64u(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


def jwt(sub=None):
    hdr = pick(['{"alg":"HS256","typ":"JWT"}', '{"alg":"RS256","typ":"JWT","kid":"%s"}' % alnum(8).lower()])
    payload = '{"sub":"%s","iat":%d,"exp":%d,"scope":"%s"}' % (sub or str(R.randint(10000, 99999)), 1717000000 + R.randint(0, 999999),
                                                                1718000000 + R.randint(0, 999999), pick(["read write", "payroll:read", "admin"]))
    sig = b64u(bytes(R.getrandbits(8) for _ in range(32 if "HS" in hdr else 64)))
    return E("SECRET", b64u(hdr.encode()) + "." + b64u(payload.encode()) + "." + sig)


def openai_key():
    if R.random() < 0.5:
        return E("SECRET", "sk-" + alnum(48))
    return E("SECRET", "sk-proj-" + alnum(64, string.ascii_letters + string.digits + "_-") + "T3BlbkFJ" + alnum(64, string.ascii_letters + string.digits + "_-"))


def stripe_key():
    return E("SECRET", "sk_live_" + pick(["51", ""]) + alnum(R.choice([24, 32, 96])))


def google_key():
    return E("SECRET", "AIza" + alnum(35, string.ascii_letters + string.digits + "_-"))


def hexkey(n=32):
    return E("SECRET", alnum(n, "0123456789abcdef"))


def pem():
    kind = pick(["RSA ", "", "EC ", "OPENSSH "])
    if kind == "EC ":
        raw = bytes([0x30, 0x77, 0x02, 0x01]) + bytes(R.getrandbits(8) for _ in range(117))
    elif kind == "OPENSSH ":
        raw = b"openssh-key-v1\x00" + bytes(R.getrandbits(8) for _ in range(R.choice([240, 300])))
    else:
        raw = bytes([0x30, 0x82, 0x04, R.choice([0xa3, 0xa4, 0xbd])]) + bytes(R.getrandbits(8) for _ in range(R.choice([280, 330])))
    body = base64.b64encode(raw).decode()
    w = 70 if kind == "OPENSSH " else 64
    lines = [body[i:i + w] for i in range(0, len(body), w)]
    return E("SECRET", "-----BEGIN %sPRIVATE KEY-----\n%s\n-----END %sPRIVATE KEY-----" % (kind, "\n".join(lines), kind))

# ---------------------------------------------------------------------------
# Decoy generators (must NOT validate as any labelled type)
# ---------------------------------------------------------------------------

MESES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]


def es_date():
    d, m, y = R.randint(1, 28), R.randint(1, 12), R.randint(2023, 2025)
    return pick(["%02d/%02d/%d" % (d, m, y), "%d de %s de %d" % (d, MESES[m - 1], y), "%d-%02d-%02d" % (y, m, d),
                 "%02d.%02d.%d" % (d, m, y), "%d/%d/%02d" % (d, m, y % 100)])


def en_date():
    d, m, y = R.randint(1, 28), R.randint(1, 12), R.randint(2023, 2025)
    return pick(["%s %d, %d" % (MONTHS[m - 1], d, y), "%02d/%02d/%d" % (m, d, y), "%d-%02d-%02d" % (y, m, d),
                 "%d %s %d" % (d, MONTHS[m - 1][:3], y), "%d %s %d" % (d, MONTHS[m - 1], y)])


def ts():
    return "2024-%02d-%02dT%02d:%02d:%02d.%03dZ" % (R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59), R.randint(0, 999))


def es_amount(lo=20, hi=9000):
    v = R.randint(lo * 100, hi * 100)
    e, c = divmod(v, 100)
    es = "{:,}".format(e).replace(",", ".")
    return pick(["%s,%02d €" % (es, c), "%s,%02d€" % (es, c), "%s,%02d EUR" % (es, c)])


def en_amount(lo=20, hi=9000, cur=None):
    v = R.randint(lo * 100, hi * 100)
    e, c = divmod(v, 100)
    return (cur or pick(["$", "$", "£", "€"])) + "{:,}.{:02d}".format(e, c)


def luhn_bad(n):
    """Return n with last digit altered so Luhn fails."""
    while True:
        m = n[:-1] + str(R.randint(0, 9))
        if not luhn_ok(m):
            return m


def order_no(n=None):
    n = n or R.randint(10, 16)
    while True:
        s = str(R.randint(1, 5)) + digits(n - 1)
        if (n < 13 or not luhn_ok(s)) and not valid_phone(s) and not (n == 9 and valid_ssn(s)):
            return s


def num9():
    return order_no(9)


def bad_card():
    return fmt_card(luhn_bad(gen_card(pick(["visa", "mc"]))), pick([" ", "", "-"]))


def bad_iban(cc="ES"):
    s = gen_iban(cc)
    while True:
        t = s[:2] + "%02d" % R.randint(2, 98) + s[4:]
        if not valid_iban(t):
            return fmt_iban(t)


def bad_dni():
    s, l = gen_dni()
    return s + pick([x for x in DNI_LETTERS if x != l])


def uuid4():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def commit(n=40):
    return alnum(n, "0123456789abcdef")


def mac():
    return pick([":", "-"]).join("%02X" % R.randint(0, 255) for _ in range(6))


def color():
    return "#" + alnum(6, "0123456789ABCDEF")


def version():
    return pick(["v%d.%d.%d" % (R.randint(1, 5), R.randint(0, 20), R.randint(0, 30)),
                 "%d.0.%d" % (R.randint(6, 10), R.randint(100, 420)), "%d.%d" % (R.randint(1, 17), R.randint(0, 9))])


def es_cp():
    return "%02d%03d" % (R.randint(1, 52), R.randint(0, 999))


def rf_ref():
    ref = digits(R.randint(8, 14))
    return "RF%02d %s" % (98 - iban_mod(ref + "RF00"), " ".join(ref[i:i + 4] for i in range(0, len(ref), 4)))


def ups():
    return "1Z" + alnum(6, "0123456789ABCDEFGHJKLMNPRSTUVWXYZ") + digits(10)


def sku():
    return "%s-%s-%04d-%s" % (pick(["ALB", "FRR", "OAK", "KST"]), pick(["CAM", "SIL", "MON", "TAB"]), R.randint(1, 9999), pick(["XL", "M", "BLK", "120"]))


def oid():
    return pick(["1.3.6.1.4.1.311.21.8.%d.%d" % (R.randint(1000, 99999), R.randint(1, 9)), "1.2.840.113549.1.1.11", "2.16.840.1.101.3.4.2.1", "1.3.6.1.5.5.7.3.2"])


STREETS = ["C/ Alcalá", "Avda. de la Constitución", "C/ Mayor", "Paseo de Gracia", "C/ Colón", "Gran Vía", "C/ San Vicente Mártir", "Rúa do Franco"]
CITY_CP = {"Madrid": 28, "Barcelona": 8, "Valencia": 46, "Sevilla": 41, "Bilbao": 48, "Zaragoza": 50, "Málaga": 29,
           "A Coruña": 15, "Murcia": 30, "Oviedo": 33}
CITIES = list(CITY_CP)
EN_STREETS = ["221 Market Street", "14 Kingsway", "9 Albion Road", "1200 Lexington Ave, Apt 4B", "77 Harbour Lane", "350 Mission St, Suite 210"]


def es_addr():
    c = pick(CITIES)
    return "%s, %d, %dº %s, %02d%03d %s" % (pick(STREETS), R.randint(1, 180), R.randint(1, 8), pick("ABCD"), CITY_CP[c], R.randint(1, 80), c)


def comp_cif(name, style=None):
    return cif("A" if name.endswith("S.A.") else "B" if name.endswith("S.L.") else pick("BG"), style)


def es_money(v):
    e, c = divmod(int(round(v * 100)), 100)
    return "{:,}".format(e).replace(",", ".") + ",%02d €" % c


BIC = {"ES": ["CAIXESBBXXX", "BSCHESMMXXX", "BBVAESMMXXX"], "PT": ["CGDIPTPL", "BCOMPTPL"], "FR": ["BNPAFRPPXXX", "SOGEFRPP"],
       "IT": ["BCITITMM", "UNCRITMM"], "DE": ["DEUTDEFF", "COBADEFFXXX"], "GB": ["NWBKGB2L", "BARCGB22"], "NL": ["INGBNL2A", "ABNANL2A"],
       "IE": ["AIBKIE2D", "BOFIIE2D"], "BE": ["GEBABEBB", "KREDBEBB"]}

# ---------------------------------------------------------------------------
# Spanish templates
# ---------------------------------------------------------------------------

def es_alta():
    f, l1, l2 = es_person()
    hr = es_person()
    doc = nie() if R.random() < 0.3 else dni()
    return "\n".join([
        f"Asunto: Alta nueva incorporación – {f} {l1} {l2}",
        "",
        f"Hola equipo de Nóminas:",
        f"El {es_date()} se incorpora {f} {l1} al departamento de {pick(['Logística', 'Marketing', 'Atención al Cliente', 'Sistemas'])}. Os paso sus datos para el alta en la Seguridad Social y en nómina:",
        f"- {'NIE' if 'ES_NIE' in doc else 'DNI'}: {doc}",
        f"- Nº afiliación SS: {R.randint(1, 52):02d}/{digits(8)}/{digits(2)}",
        f"- Domicilio: {es_addr()}",
        f"- Móvil: {phone_es('mob')}",
        f"- Correo personal: {email(f, l1, lang='es')}",
        f"- Cuenta para la nómina: {iban('ES')}",
        f"Salario bruto anual: {es_amount(18000, 42000)} en 14 pagas. Contrato indefinido, jornada 100%.",
        "",
        f"Un saludo,",
        f"{hr[0]} {hr[1]} · RRHH · Ext. {R.randint(2000, 4999)}",
    ])


def es_cambio_cuenta():
    f, l1, l2 = es_person()
    comp, dom = pick(ES_COMP)
    return "\n".join([
        f"De: {f} {l1} <{email(f, l1, dom)}>",
        f"Para: {role_email(pick(['nominas', 'rrhh', 'administracion']), dom)}",
        "Asunto: cambio de cuenta para la nómina",
        "",
        f"Buenos días, he cambiado de banco y quería que a partir de la nómina de {pick(MESES)} me la ingreséis en esta cuenta:",
        f"{iban('ES', 'groups') if R.random() < 0.5 else 'IBAN: ' + iban('ES', 'compact')}",
        f"La antigua ({iban('ES')}) la cerraré a final de mes. Mi DNI es {dni()} por si lo necesitáis para el certificado.",
        f"Nº de empleado: {digits(6)}. Cualquier cosa me llamáis al {phone_es('mob')}.",
        "Gracias!",
    ])


def es_baja():
    f, l1, l2 = es_person()
    jefe = es_person()
    comp, dom = pick(ES_COMP)
    return "\n".join([
        f"Hola {jefe[0]},",
        f"Te aviso de que desde hoy {es_date()} estoy de baja por IT (gastroenteritis + fiebre). El médico de cabecera me ha dado el parte de baja nº {order_no(10)} con revisión en 7 días.",
        f"Te reenvío el parte escaneado a {role_email('rrhh', dom)} y a la mutua ({pick(['Fremap', 'Asepeyo', 'Ibermutua'])}, expediente {digits(4)}/{digits(6)}).",
        f"Mis datos por si los pide la mutua: {f} {l1} {l2}, DNI {dni()}, tel. {phone_es()}.",
        f"He dejado el informe de cierre de {pick(MESES)} al 80% en la carpeta compartida.",
        "Un abrazo,",
        f,
    ])


def es_factura():
    comp, dom = pick(ES_COMP)
    cli = pick([c for c in ES_COMP if c[0] != comp])
    base = R.randint(300, 12000)
    return "\n".join([
        f"FACTURA Nº {pick(['F', 'FV', 'A'])}{R.randint(2023, 2025)}-{R.randint(1, 9999):05d}        Fecha: {es_date()}",
        f"Emisor: {comp} · CIF {comp_cif(comp)} · {es_addr()}",
        f"Cliente: {cli[0]} · CIF {comp_cif(cli[0])} · Pedido {order_no(R.randint(9, 12))}",
        f"Concepto: {pick(['Servicio de mantenimiento', 'Suministro de material de oficina', 'Consultoría SAP', 'Transporte refrigerado'])} ({pick(['enero', 'Q2', 'marzo-abril'])}) · Ref. artículo {sku()}",
        f"Base imponible: {es_money(base)}   IVA (21%): {es_money(base * 0.21)}   Total: {es_money(base * 1.21)}",
        f"Forma de pago: transferencia a 30 días a la cuenta {iban('ES')}",
        f"Dudas sobre la factura: {role_email(pick(['facturacion', 'administracion', 'contabilidad']), dom)} · {phone_es('fix')}",
    ])


def es_pago_proveedor():
    comp, dom = pick(ES_COMP)
    cc = pick(["ES", "ES", "PT", "FR", "IT", "DE"])
    return "\n".join([
        f"Hola {es_person()[0]},",
        f"Por favor, programa para el {es_date()} la transferencia de {es_amount(900, 25000)} al proveedor {comp} (CIF {comp_cif(comp)}).",
        f"Cuenta destino: {iban(cc)}  BIC: {pick(BIC[cc])}",
        f"Concepto: liquidación facturas {R.randint(100, 999)}/{R.randint(23, 25)} a {R.randint(100, 999)}/{R.randint(23, 25)}. Referencia del acreedor: {rf_ref()}",
        f"OJO: la cuenta que venía en el PDF antiguo ({bad_iban('ES')}) tiene un dígito mal, no la uses.",
        f"Confírmame por correo a {email(lang='es', domain=dom)} cuando esté hecha. Gracias.",
    ])


def es_ticket():
    f, l1, l2 = es_person()
    return "\n".join([
        f"Ticket #{R.randint(100000, 999999)} · Prioridad: {pick(['Alta', 'Media'])} · Canal: teléfono",
        f"Cliente: {f} {l1} {l2} ({email(f, l1, lang='es')})",
        f"Teléfono de contacto: {phone_es()}",
        f"Pedido nº {order_no(R.randint(10, 14))} del {es_date()} por {es_amount(30, 900)}. Envío con seguimiento {ups()}.",
        f"El cliente indica que se le ha cobrado dos veces en la tarjeta terminada en {digits(4)}. Verificado con DNI {dni()}.",
        f"Acción: abrir incidencia con pasarela de pago, devolución estimada en 5-7 días hábiles.",
    ])


def hm(n, lo=9, hi=20):
    start = R.randint(lo * 60, hi * 60)
    return ["%02d:%02d" % divmod(start + i * R.randint(1, 3), 60) for i in range(n)]


def es_chat():
    f, l1, _ = es_person()
    T = iter(hm(7))
    return "\n".join([
        f"[{next(T)}] Agente (Laura): Hola, soy Laura de Atención al Cliente, ¿en qué te puedo ayudar?",
        f"[{next(T)}] Cliente: hola, no me deja pagar la reserva {order_no(9)}, me da error la tarjeta",
        f"[{next(T)}] Cliente: es la {card(pick(['visa', 'mc', 'mc2']))} caduca {R.randint(1, 12):02d}/{R.randint(26, 30)}",
        f"[{next(T)}] Agente (Laura): Por seguridad no compartas el número completo por chat. ¿Me confirmas tu email de la cuenta?",
        f"[{next(T)}] Cliente: {email(f, l1, lang='es')}",
        f"[{next(T)}] Cliente: y mi movil es el {phone_es('mob', pick(['compact', 'sp3', 'sp2']))} por si me llamais",
        f"[{next(T)}] Agente (Laura): Gracias, te he abierto la incidencia {'INC' + digits(7)}. Te llamamos en menos de 24 h.",
    ])


def es_prompt_resumen():
    f, l1, l2 = es_person()
    comp, dom = pick(ES_COMP)
    return "\n".join([
        "Resume este correo en 3 puntos y redáctame una respuesta educada diciendo que lo revisamos esta semana:",
        '"""',
        f"Buenas tardes, soy {f} {l1}, cliente vuestro desde 2019 (nº cliente {digits(8)}).",
        f"Os escribo porque el recibo de {pick(MESES)} ({es_amount(40, 300)}) se me ha cargado en la cuenta {iban('ES')} cuando ya os pedí el cambio a otra.",
        f"Adjunto copia de mi {'DNI ' + dni() if R.random() < 0.6 else 'NIE ' + nie()} y os dejo mi teléfono {phone_es()} y mi correo {email(f, l1, lang='es')}.",
        f"Si no se soluciona presentaré reclamación en consumo.",
        '"""',
        f"Firma como {es_person()[0]}, {comp}",
    ])


def es_prompt_conexion():
    host = ip("priv")
    return "\n".join([
        "Oye, me da este error al arrancar la API de nóminas en el servidor de preproducción, ¿qué está mal en la cadena de conexión?",
        "",
        f"System.Data.SqlClient.SqlException (0x80131904): Login failed for user 'svc_nominas'.",
        f'  "ConnectionStrings": {{ "Nominas": "Server={host},1433;Database=Nominas_PRE;User Id=svc_nominas;Password={pw()};TrustServerCertificate=True" }}',
        "",
        f"Uso .NET {pick(['8.0.4', '6.0.29', '8.0.11'])} y el paquete Microsoft.Data.SqlClient {pick(['5.1.5', '5.2.0'])}. El firewall tiene abierto el 1433 desde {ip('priv')}/24.",
    ])


def es_incidente():
    comp, dom = pick(ES_COMP)
    f, l1, _ = es_person()
    return "\n".join([
        f"INFORME DE INCIDENTE DE SEGURIDAD – INC-{R.randint(2024, 2025)}-{R.randint(1, 999):04d}",
        f"Fecha de detección: {es_date()} a las {R.randint(0, 23):02d}:{R.randint(0, 59):02d} (CET)",
        f"Resumen: se detectan {R.randint(300, 5000)} intentos de login fallidos contra el portal de empleados desde la IP {ip('pub')} y, posteriormente, desde {ip('pub')}.",
        f"Cuenta afectada: {email(f, l1, dom)} (bloqueada preventivamente). Último acceso legítimo desde {ip('priv')}.",
        f"Se ha forzado el cambio de contraseña y revocado la sesión {uuid4()}.",
        f"El WAF (versión {version()}) aplicó la regla {R.randint(900000, 999999)}; tasa de bloqueo del {R.randint(80, 99)},{R.randint(0, 9)}%.",
        f"Commit del hotfix: {commit(12)}. Responsable: {es_person()[0]} {es_person()[1]}, tel. guardia {phone_es('mob')}.",
    ])


def es_gastos():
    f, l1, l2 = es_person()
    lines = [f"NOTA DE GASTOS – {f} {l1} {l2} – Viaje a {pick(CITIES)} ({es_date()})",
             "Fecha;Concepto;Importe;Medio de pago;Nº ticket"]
    for _ in range(R.randint(3, 5)):
        lines.append(f"{es_date()};{pick(['Taxi aeropuerto', 'Hotel NH (2 noches)', 'Comida cliente', 'AVE Madrid-Sevilla', 'Parking'])};{es_amount(8, 400)};{pick(['Tarjeta corporativa', 'Efectivo', 'Tarjeta personal'])};{order_no(R.randint(9, 12))}")
    lines.append(f"Tarjeta corporativa: {card(pick(['visa', 'amex']))} (titular {f} {l1})")
    lines.append(f"Reembolsar lo pagado con medios personales en {iban('ES')}.")
    return "\n".join(lines)


def es_csv():
    lines = ["nombre;apellidos;dni;email;telefono;cp;iban"]
    for _ in range(R.randint(3, 6)):
        f, l1, l2 = es_person()
        d = dni(pick(["plain", "plain", "lower"])) if R.random() < 0.8 else nie("plain")
        lines.append(f"{f};{l1} {l2};{d};{email(f, l1, lang='es')};{phone_es(None, pick(['compact', 'intlc', 'sp3']))};{es_cp()};{iban('ES', 'compact')}")
    if R.random() < 0.6:
        f, l1, l2 = es_person()
        lines.append(f"{f};{l1} {l2};{bad_dni()};;;{es_cp()};")
    return "\n".join(lines)


def es_contrato():
    f, l1, l2 = es_person()
    g = es_person()
    comp, dom = pick(ES_COMP)
    return "\n".join([
        "REUNIDOS",
        f"De una parte, D./Dña. {f} {l1} {l2}, mayor de edad, con DNI {dni(pick(['dots', 'dash', 'plain']))} y domicilio en {es_addr()}.",
        f"De otra parte, {comp}, con CIF {comp_cif(comp)} y domicilio social en {es_addr()}, representada por D./Dña. {g[0]} {g[1]}, con NIE {nie()}, en calidad de administrador/a.",
        "CLÁUSULAS",
        f"Primera.– El precio del servicio asciende a {es_amount(1000, 60000)} (IVA no incluido), pagadero en {R.randint(2, 12)} plazos.",
        f"Segunda.– Los pagos se realizarán mediante transferencia a la cuenta titularidad del prestador {iban('ES', 'groups')}.",
        f"Tercera.– Las notificaciones se dirigirán a {email(f, l1, lang='es')} y a {role_email('legal', dom)}.",
        f"En {pick(CITIES)}, a {es_date()}.",
    ])


def es_alquiler():
    f, l1, l2 = es_person()
    return "\n".join([
        f"Hola {f},",
        "Te confirmo que el piso queda reservado a tu nombre. Para preparar el contrato necesito:",
        f"- Copia de tu NIE ({nie()}) y de las 3 últimas nóminas.",
        f"- La fianza (2 mensualidades, {es_amount(1200, 3000)}) se ingresa en {iban(pick(['ES', 'ES', 'PT']))} indicando 'Fianza {pick(STREETS)} {R.randint(1, 99)}'.",
        f"La entrega de llaves sería el {es_date()} a las {R.randint(9, 19)}:00. Mi móvil es {phone_es('mob')}, escríbeme por WhatsApp si hay algún cambio.",
        f"Referencia catastral: {digits(7)}{pick(['VK', 'DF', 'TG'])}{digits(4)}{pick('NS')}{digits(4)}{pick('AB')}{pick('XYZ')}",
        "Saludos,",
        f"{es_person()[0]} {es_person()[1]}",
    ])


def es_config_yaml():
    return "\n".join([
        "# config/produccion.yaml – NO subir al repo (lo sé, lo sé...)",
        "database:",
        f"  host: {ip('priv')}",
        "  port: 5432",
        "  user: app_facturas",
        f"  password: {pw()}",
        "smtp:",
        f"  host: smtp.{pick(ES_COMP)[1]}",
        f"  user: {role_email('notificaciones', pick(ES_COMP)[1])}",
        f"  password: \"{pw()}\"",
        "redis:",
        "  password: ${REDIS_PASSWORD}   # se inyecta desde el vault",
        f"  url: redis://redis-pre.interno:6379/0",
        f"version: {version()}",
    ])


def es_reembolso():
    f, l1, _ = es_person()
    return "\n".join([
        "Buenas,",
        f"el día {es_date()} compré en vuestra web unas zapatillas (pedido {order_no(12)}, ref. {sku()}) por {es_amount(50, 200)} y me las habéis cobrado dos veces en mi tarjeta {card(pick(['visa', 'mc']), pick([' ', '']))}.",
        f"Adjunto captura del extracto. Os pido que me devolváis el cargo duplicado.",
        f"mi email es {email(f, l1, lang='es')} y mi teléfono {phone_es('mob', pick(['compact', 'sp3', 'dash']))}",
        f"gracias, {f.lower()}",
    ])


def es_irpf():
    f, l1, l2 = es_person()
    return "\n".join([
        f"Hola, en la nómina de {pick(MESES)} me han aplicado una retención de IRPF del {R.randint(8, 24)},{R.randint(0, 99):02d}% y el mes pasado era del {R.randint(8, 24)}%.",
        f"Tengo 2 hijos menores a cargo y lo comuniqué con el modelo 145 el {es_date()}.",
        f"Mis datos: {f} {l1} {l2}, DNI {dni()}, empleado {digits(5)}, centro de coste {R.randint(1000, 9999)}.",
        f"Por cierto, en el portal del empleado me aparece el DNI {bad_dni()}, que está mal (la letra no es esa).",
        f"¿Me podéis revisar el cálculo? Bruto mensual {es_amount(1500, 4500)}.",
    ])


def es_whatsapp():
    a, b = es_person(), es_person()
    T = iter(hm(6, 8, 12))
    return "\n".join([
        f"[{es_date()} {next(T)}] {a[0]}: oye me pasas el contacto del fontanero??",
        f"[{next(T)}] {b[0]}: si, es Paco, {phone_es('mob', pick(['compact', 'sp3', 'sp2']))}",
        f"[{next(T)}] {a[0]}: gracias!! y el de la gestoria?",
        f"[{next(T)}] {b[0]}: {phone_es('fix', pick(['sp2', 'sp3']))} o al correo {email(lang='es')}",
        f"[{next(T)}] {b[0]}: para el alta del autonomo te van a pedir el dni, el mio era {dni('lower')} por si quieres ver como lo rellené",
        f"[{next(T)}] {a[0]}: perfecto :)",
    ])


def es_alta_proveedor():
    comp, dom = pick(ES_COMP)
    f, l1, _ = es_person()
    return "\n".join([
        "FORMULARIO DE ALTA DE PROVEEDOR",
        f"Razón social: {comp}",
        f"NIF/CIF: {comp_cif(comp, pick(['plain', 'dash']))}",
        f"Dirección fiscal: {es_addr()}",
        f"Persona de contacto: {f} {l1} – {email(f, l1, dom)} – {phone_es('fix')} / {phone_es('mob')}",
        f"Web: https://www.{dom}/contacto",
        f"Datos bancarios: IBAN {iban('ES', pick(['groups', 'compact']))} (certificado de titularidad adjunto)",
        f"Condiciones: pago a {pick([30, 60, 90])} días fecha factura; descuento pronto pago {R.randint(1, 3)}%.",
        f"Código proveedor SAP asignado: {order_no(10)}",
    ])


def es_log():
    lines = []
    for _ in range(R.randint(4, 7)):
        t = ts()
        k = R.random()
        if k < 0.3:
            lines.append(f"{t} INFO  [auth] login correcto usuario={email(lang='es')} ip={ip()} sesión={uuid4()}")
        elif k < 0.5:
            lines.append(f"{t} WARN  [auth] contraseña incorrecta usuario={email(lang='es')} ip={ip('pub')} intentos={R.randint(2, 5)}")
        elif k < 0.7:
            lines.append(f"{t} ERROR [pagos] rechazo pasarela pedido={order_no(12)} importe={R.randint(10, 900)}.{digits(2)} EUR código=05 build {R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(100, 999)}")
        elif k < 0.85:
            lines.append(f"{t} DEBUG [http] GET /api/v2/empleados/{digits(6)} 200 {R.randint(5, 400)}ms from {ip('priv')}:{R.randint(30000, 65000)}")
        else:
            lines.append(f"{t} INFO  [sms] enviado código OTP a {phone_es('mob', 'intlc')} plantilla=OTP_ES_v{R.randint(2, 5)}")
    return "\n".join(sorted(lines))


def es_viaje():
    f, l1, l2 = es_person()
    return "\n".join([
        f"Reserva de viaje corporativo – localizador {alnum(6, string.ascii_uppercase)}",
        f"Viajero: {f} {l1} {l2}   Documento: {dni()}",
        f"Vuelo IB{R.randint(1000, 9999)} {pick(['MAD-LHR', 'BCN-CDG', 'MAD-LIS', 'VLC-FCO'])} el {es_date()}, hotel 3 noches ({es_amount(300, 900)}).",
        f"Contacto en destino: {phone_eu()} / {email(f, l1, lang='es')}",
        f"Pago: {card('amex')} (tarjeta de empresa). Centro de coste {R.randint(100, 999)}-{pick(['MKT', 'VTA', 'DIR'])}.",
    ])


def es_reclamacion():
    comp, dom = pick(ES_COMP)
    cli = pick([c for c in ES_COMP if c != (comp, dom)])
    return "\n".join([
        f"Asunto: Recordatorio de pago – factura {pick(['FV', 'F'])}-{R.randint(2024, 2025)}-{R.randint(1, 999):04d} vencida",
        "",
        f"Estimados señores de {cli[0]} (CIF {comp_cif(cli[0])}):",
        f"Según nuestros registros, la factura emitida el {es_date()} por importe de {es_amount(500, 20000)} sigue pendiente de pago a fecha de hoy.",
        f"Les rogamos realicen el abono en la cuenta IBAN: {iban('ES', 'compact')} indicando el número de factura.",
        f"Si ya han efectuado el pago, ignoren este mensaje o envíen el justificante a {role_email('cobros', dom)}.",
        f"Departamento de Administración · {comp} · {phone_es('fix', pick(['intl', 'sp2']))}",
    ])


def es_acta():
    # no entities: decoys only
    return "\n".join([
        f"Acta reunión de seguimiento – Proyecto {pick(['Atlas', 'Brújula', 'Faro'])} – {es_date()}",
        f"Asistentes: {es_person()[0]}, {es_person()[0]}, {es_person()[0]} (Dirección Financiera)",
        f"1. Se despliega la versión {version()} el {es_date()}; la {version()} queda congelada.",
        f"2. Presupuesto ejecutado: {es_amount(10000, 90000)} de {es_amount(90000, 200000)} ({R.randint(30, 90)},{R.randint(0, 9)}%).",
        f"3. Pedido de compra {order_no(10)} pendiente de aprobación; albarán {order_no(9)}.",
        f"4. Incidencias abiertas: INC{digits(7)}, INC{digits(7)}. Color corporativo actualizado a {color()}.",
        f"5. Próxima reunión: {es_date()} a las {R.randint(9, 17)}:30 en la sala {R.randint(1, 5)}.{R.randint(1, 20):02d} (extensión {R.randint(2000, 4999)}).",
    ])


def es_password_temp():
    f, l1, _ = es_person()
    comp, dom = pick(ES_COMP)
    return "\n".join([
        f"Hola {f},",
        f"Te hemos dado de alta en la VPN y en el correo corporativo {email(f, l1, dom)}.",
        f"Usuario: {ascii_fold(f[0] + l1).lower()}",
        f"Contraseña temporal: {pw()}",
        "Te pedirá cambiarla en el primer acceso (mínimo 12 caracteres, no reutilizar las últimas 5).",
        f"Servidor VPN: vpn.{dom} ({ip('pub')}), perfil {pick(['Oficina', 'Teletrabajo'])}.",
        f"Cualquier problema, llama a soporte al {phone_es('fix')} ext. {R.randint(100, 999)}.",
    ])


def es_tarjeta_error():
    f, l1, _ = es_person()
    return "\n".join([
        f"Hola, intento pagar la matrícula del curso y la web me dice 'número de tarjeta no válido'.",
        f"He probado con {bad_card()} y nada. Luego con la de mi pareja, {card()}, y esa sí funciona pero no quiero usarla.",
        f"¿Podéis mirarlo? Pedido {order_no(11)}, importe {es_amount(100, 900)}. Mi teléfono: {phone_es()}.",
        f"{f} {l1}",
    ])


def bad_cif():
    c = gen_cif("B")
    return c[:-1] + str((int(c[-1]) + R.randint(1, 9)) % 10)


def es_nie_alta():
    f, l1, _ = es_person()
    comp, dom = pick(ES_COMP)
    return "\n".join([
        f"Asunto: documentación trabajador extranjero – {f} {l1}",
        f"Hola, para tramitar el alta de {f} necesitamos confirmar el número de NIE. En el contrato pone {nie('plain')} pero en la TIE (nº soporte E{digits(8)}) aparece {nie('dash')}.",
        f"¿Cuál es el correcto? El de su cónyuge, que también entra en el seguro médico, es {nie()}.",
        f"Cuenta para la nómina: {iban(pick(['ES', 'PT', 'FR']))}. Teléfono de contacto {phone_eu() if R.random() < 0.4 else phone_es('mob')}.",
        f"Gracias, {es_person()[0]} – {comp} – {role_email('personal', dom)}",
    ])


def es_347():
    lines = [f"# Modelo 347 – ejercicio {R.randint(2023, 2024)} – operaciones con terceros > 3.005,06 €",
             "nif;razon_social;provincia;importe_anual;clave"]
    for _ in range(R.randint(4, 7)):
        comp = pick(ES_COMP + [("Ayuntamiento de " + pick(CITIES), ""), ("Asociación Vecinal El Pilar", "")])[0]
        letter = "P" if comp.startswith("Ayunt") else "G" if comp.startswith("Asoc") else ("A" if comp.endswith("S.A.") else "B")
        c = cif(letter, 'plain')
        lines.append(f"{c};{comp.upper()};{c.split(chr(1))[1][1:3]};{es_amount(3006, 90000).replace(' €', '').replace('€', '').replace(' EUR', '')};{pick('AB')}")
    lines.append(f"{bad_cif()};PROVEEDOR PENDIENTE DE VALIDAR;28;{es_amount(3006, 9000).replace(' €', '').replace('€', '').replace(' EUR', '')};A")
    return "\n".join(lines)


def es_tpv():
    comp, dom = pick(ES_COMP)
    return "\n".join([
        f"Incidencia TPV tienda {R.randint(1, 60):03d} ({pick(CITIES)}) – {es_date()} {R.randint(10, 21)}:{R.randint(10, 59)}",
        f"El datáfono (nº terminal {digits(8)}, comercio {num9()}) rechaza operaciones con código 190.",
        f"Ticket impreso: tarjeta {(lambda b: b[:4] + ' ' + b[4:6])(gen_card(pick(['visa', 'mc'])))}** **** {digits(4)}, importe {es_amount(5, 300)}, autorización {digits(6)}.",
        f"La clienta dictó por teléfono el número completo para repetir el cobro manual: {card(pick(['visa', 'mc', 'mc2']), pick([' ', '', '-']))} – habría que borrarlo del registro de la llamada.",
        f"Contacto de la encargada: {phone_es('mob')} / {email(lang='es', domain=dom)}",
    ])


ES_TEMPLATES = [es_nie_alta, es_347, es_tpv, es_alta, es_cambio_cuenta, es_baja, es_factura, es_pago_proveedor, es_ticket, es_chat,
                es_prompt_resumen, es_prompt_conexion, es_incidente, es_gastos, es_csv, es_contrato, es_alquiler,
                es_config_yaml, es_reembolso, es_irpf, es_whatsapp, es_alta_proveedor, es_log, es_viaje,
                es_reclamacion, es_acta, es_password_temp, es_tarjeta_error]

# ---------------------------------------------------------------------------
# English templates
# ---------------------------------------------------------------------------

def en_onboarding():
    f, l = en_person()
    comp, dom = pick(EN_COMP)
    return "\n".join([
        f"Subject: New hire paperwork – {f} {l} (start date {en_date()})",
        "",
        "Hi Payroll team,",
        f"Please set up {f} in ADP before the {pick(['15th', 'next pay run', 'end of the month'])}. Details from the I-9/W-4:",
        f"SSN: {ssn()}",
        f"Home address: {pick(EN_STREETS)}, {pick(['New York, NY 10021', 'San Francisco, CA 94105', 'Chicago, IL 60611', 'Boston, MA 02116'])}",
        f"Cell: {phone_us()}   Personal email: {email(f, l, lang='en')}",
        f"Direct deposit: routing {pick(['021000021', '026009593', '121000248', '011000138'])}, account {order_no(10)} (checking)",
        f"Salary: {en_amount(60000, 160000, '$')} annually, employee ID {pick(['E', 'EMP-'])}{digits(6)}.",
        "",
        "Thanks,",
        f"{en_person()[0]} – People Ops, {comp}",
    ])


def en_payroll_uk():
    f, l = en_person()
    comp, dom = pick(EN_COMP)
    return "\n".join([
        f"From: {f} {l} <{email(f, l, dom, 'en')}>",
        f"To: {role_email('payroll', dom)}",
        "Subject: Bank details change",
        "",
        f"Hi, I've moved to {pick(['Monzo', 'Starling', 'NatWest', 'Barclays'])}. Could you pay my salary from the {en_date()} run into:",
        f"Sort code {R.randint(10, 99)}-{R.randint(10, 99)}-{R.randint(10, 99)}, account {digits(8)}, IBAN {iban(pick(['GB', 'GB', 'IE']))}",
        f"My NI number is {pick(['QQ', 'AB', 'JK'])} {digits(2)} {digits(2)} {digits(2)} {pick('ABCD')} and payroll number {digits(7)}.",
        f"Mobile if you need to verify: {phone_uk()}",
        "Cheers,",
        f,
    ])


def en_sick():
    f, l = en_person()
    m = en_person()
    comp, dom = pick(EN_COMP)
    return "\n".join([
        f"Hi {m[0]},",
        f"Just letting you know I won't be in today ({en_date()}) – I've come down with flu and the GP has signed me off until {en_date()}.",
        f"I'll forward the fit note to {role_email('hr', dom)} this afternoon. Ticket {pick(['HR', 'PEOPLE'])}-{R.randint(1000, 9999)} has the details.",
        f"If anything urgent comes up on the {pick(['Henderson', 'Apex', 'Q3 forecast'])} account, {pick(EN_FIRST)} is covering and you can reach me on {phone_uk() if R.random() < 0.5 else phone_us()}.",
        "Sorry for the short notice,",
        f,
    ])


def en_invoice():
    comp, dom = pick(EN_COMP)
    cc = {"bluefern.de": "DE", "cobaltfreight.nl": "NL"}.get(dom, pick(["GB", "FR", "IE", "BE", "DE"]))
    net = R.randint(800, 40000)
    return "\n".join([
        f"INVOICE {pick(['INV', 'SI'])}-{R.randint(10000, 99999)}                 Date: {en_date()}   Due: {en_date()}",
        f"From: {comp}, VAT No. {cc}{digits(9)}",
        f"Bill to: {pick(EN_COMP)[0]} – PO {order_no(R.randint(9, 11))}",
        f"{pick(['Freight services', 'SaaS subscription (annual)', 'Consulting – 12 days', 'Warehouse storage'])}   qty {R.randint(1, 40)}   SKU {sku()}",
        f"Net {en_amount(net, net, '£' if cc == 'GB' else '€')}   VAT 20%   Total {en_amount(int(net * 1.2), int(net * 1.2), '£' if cc == 'GB' else '€')}",
        f"Please pay by bank transfer to IBAN: {iban(cc, pick(['groups', 'compact']))}  BIC {pick(BIC[cc])}",
        f"Quote the invoice number as reference. Queries: {role_email(pick(['accounts', 'billing', 'ar']), dom)} or {phone_uk() if cc == 'GB' else phone_eu(pick(['FR', 'DE']))}",
    ])


def en_payment_instr():
    f, l = en_person()
    return "\n".join([
        f"Hi {f},",
        f"As discussed, please wire the deposit of {en_amount(5000, 80000)} by {en_date()}.",
        f"Beneficiary: {pick(EN_COMP)[0]}",
        f"IBAN {iban(pick(['GB', 'DE', 'NL', 'IT', 'FR']), 'groups')}",
        f"Reference: {rf_ref()}",
        f"Note: our old account {bad_iban(pick(['GB', 'DE']))} is closed – any payment there will bounce.",
        f"Please never act on bank-detail changes received only by email; call me on {phone_uk()} to confirm.",
    ])


def en_ticket():
    f, l = en_person()
    return "\n".join([
        f"Zendesk #{R.randint(100000, 999999)} | Status: Open | Priority: {pick(['High', 'Urgent', 'Normal'])}",
        f"Requester: {f} {l} <{email(f, l, lang='en')}>",
        f"Customer says order {pick(['#', 'No. '])}{order_no(R.randint(10, 14))} (tracking {ups()}) arrived damaged and wants a refund of {en_amount(20, 600)}.",
        f"They paid with card {card()} – please refund to the original payment method.",
        f"Callback number: {phone_us()} (best after 3pm ET). Internal note: last 4 on file {digits(4)}, matches.",
    ])


def en_chat():
    f, l = en_person()
    T = iter(hm(7, 9, 11))
    return "\n".join([
        f"{next(T)} AM  Bot: Welcome to {pick(EN_COMP)[0]} support! How can I help?",
        f"{next(T)} AM  {f}: hi i need to update my address for my benefits enrollment",
        f"{next(T)} AM  Agent Mia: Sure! For verification, can you give me your date of birth and the last 4 of your SSN?",
        f"{next(T)} AM  {f}: dob {R.randint(1, 12)}/{R.randint(1, 28)}/{R.randint(1960, 2000)}, ssn is {ssn(pick(['dash', 'compact', 'space']))} sorry i only know the whole thing",
        f"{next(T)} AM  Agent Mia: Thanks, verified. Please don't share your full SSN in chat in future. What's the best phone and email?",
        f"{next(T)} AM  {f}: {phone_us(pick(['dash', 'dot', 'paren']))} and {email(f, l, lang='en')}",
        f"{next(T)} AM  Agent Mia: Done – case {digits(8)} updated.",
    ])


def en_prompt_env():
    return "\n".join([
        "Why does my Node app crash with 'ECONNREFUSED' on startup? Here is my .env:",
        "",
        f"DATABASE_URL=postgres://app_user:{pw()}@{ip('priv')}:5432/orders",
        "REDIS_URL=redis://localhost:6379",
        f"STRIPE_SECRET_KEY={stripe_key()}",
        f"OPENAI_API_KEY={openai_key()}",
        "SENTRY_DSN=",
        "JWT_SECRET=${JWT_SECRET}",
        "NODE_ENV=production",
        "",
        f"Running node {pick(['v18.19.0', 'v20.11.1', 'v22.3.0'])} on Ubuntu 22.04. Port 5432 is open on the DB host.",
    ])


def en_prompt_rewrite():
    f, l = en_person()
    c = en_person()
    return "\n".join([
        "Can you rewrite this email so it sounds more professional and less angry? Keep all the details.",
        "---",
        f"{c[0]}, this is the THIRD time I'm asking. Your team charged my card {card()} twice for invoice {order_no(10)}.",
        f"I want {en_amount(50, 2000)} back by Friday. Call me at {phone_us()} or email {email(f, l, lang='en')}.",
        f"My account # is {num9()} and I've been a customer since {R.randint(2010, 2020)}.",
        "---",
        f"Sign it from {f} {l}.",
    ])


def en_incident():
    f, l = en_person()
    comp, dom = pick(EN_COMP)
    return "\n".join([
        f"Incident Report IR-{R.randint(2024, 2025)}-{R.randint(1, 300):03d} – Exposed AWS credentials",
        f"Detected: {en_date()} {R.randint(0, 23):02d}:{R.randint(0, 59):02d} UTC by GitGuardian alert on repo {pick(['billing-api', 'infra-scripts', 'etl-jobs'])}, commit {commit()}.",
        f"Leaked values: aws_access_key_id={aws_key()} / aws_secret_access_key={aws_secret()}",
        f"CloudTrail shows API calls from {ip('pub')} and {ip('v6')} within 14 minutes of the push (ListBuckets, GetObject).",
        f"Key owner: {email(f, l, dom, 'en')}. Key deactivated at +{R.randint(20, 55)} min; no evidence of data exfiltration beyond 3 objects (request IDs {uuid4()[:8].upper()}...).",
        f"Follow-up: enforce pre-commit secret scanning (v{R.randint(1, 3)}.{R.randint(0, 20)}.{R.randint(0, 9)}), rotate all keys in account {digits(12)}.",
    ])


def en_nginx():
    lines = []
    for _ in range(R.randint(4, 8)):
        k = R.random()
        d = "[%02d/%s/2024:%02d:%02d:%02d +0000]" % (R.randint(1, 28), pick(["Mar", "Jun", "Oct"]), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))
        ua = pick(['"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/124.0.6367.91 Safari/537.36"',
                   '"curl/8.5.0"', '"python-requests/2.31.0"', '"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Version/17.4 Mobile/15E148"'])
        if k < 0.5:
            lines.append(f'{ip()} - - {d} "GET /api/v1/orders/{order_no(10)}?page=2 HTTP/1.1" 200 {R.randint(200, 9000)} "-" {ua}')
        elif k < 0.7:
            lines.append(f'{ip("v6g")} - - {d} "POST /login HTTP/2.0" 401 {R.randint(50, 300)} "-" {ua}')
        elif k < 0.85:
            lines.append(f'{ip()} - - {d} "GET /unsubscribe?email={email(lang="en")}&list=news HTTP/1.1" 302 0 "-" {ua}')
        else:
            lines.append(f'{ip("pub")} - - {d} "GET /static/app.{commit(8)}.js HTTP/1.1" 304 0 "https://shop.{pick(EN_COMP)[1]}/" {ua}')
    return "\n".join(lines)


def en_applog():
    return "\n".join(sorted([
        f"{ts()} INFO  RequestLogger - POST /v2/payments from {ip()} req_id={uuid4()}",
        f"{ts()} DEBUG RequestLogger - headers: Host=api.{pick(EN_COMP)[1]} Authorization=Bearer {jwt()} X-Forwarded-For={ip('pub')}",
        f"{ts()} ERROR DbPool - Failed to open connection: Server=tcp:{ip('priv')},1433;Initial Catalog=Payments;User ID=payments_svc;Password={pw()};Encrypt=True",
        f"{ts()} WARN  Retry - attempt 2/5 after 250ms (build 4.12.0.{R.randint(1000, 9999)})",
        f"{ts()} INFO  Mailer - receipt queued for {email(lang='en')} template=receipt_v3 order={order_no(12)}",
    ]))


def en_env():
    return "\n".join([
        "# .env.production  (copied from 1Password – DO NOT COMMIT)",
        f"APP_VERSION={version().lstrip('v')}",
        f"DB_HOST={ip('priv')}",
        "DB_USER=webapp",
        f"DB_PASSWORD={pw()}",
        f"AWS_ACCESS_KEY_ID={aws_key()}",
        f"AWS_SECRET_ACCESS_KEY={aws_secret()}",
        f"GOOGLE_MAPS_API_KEY={google_key()}",
        "SENDGRID_API_KEY=your-api-key-here",
        f"SLACK_BOT_TOKEN={slack_token()}",
        "ADMIN_PASSWORD=changeme",
        f"SUPPORT_EMAIL={role_email('support', pick(EN_COMP)[1])}",
    ])


def en_json_config():
    return "\n".join([
        "{",
        f'  "service": "invoice-worker", "version": "{version().lstrip("v")}", "instanceId": "{uuid4()}",',
        f'  "db": {{ "host": "{ip("priv")}", "port": 3306, "user": "inv", "password": "{pw()}" }},',
        f'  "smtp": {{ "user": "{role_email("noreply", pick(EN_COMP)[1])}", "password": "****" }},',
        f'  "maps": {{ "apiKey": "{google_key()}" }},',
        f'  "github": {{ "token": "{gh_pat() if R.random() < 0.5 else gh_token()}" }},',
        f'  "theme": {{ "primary": "{color()}", "accent": "{color()}" }},',
        '  "retry": { "max": 5, "backoffMs": 250 }',
        "}",
    ])


def en_compose():
    return "\n".join([
        "services:",
        "  db:",
        "    image: postgres:16.2",
        "    environment:",
        f"      POSTGRES_PASSWORD: {pw()}",
        "      POSTGRES_USER: app",
        "  api:",
        f"    image: registry.{pick(EN_COMP)[1]}/api:{version().lstrip('v')}",
        "    environment:",
        "      DB_PASSWORD: ${DB_PASSWORD}",
        f"      MONGO_URL: mongodb+srv://api:{pw()}@cluster0.{alnum(5).lower()}.mongodb.net/prod",
        "      API_KEY: <password>",
        f"    extra_hosts: [\"db.internal:{ip('priv')}\"]",
    ])


def en_csv():
    lines = ["first_name,last_name,email,phone,ssn,zip,signup_date"]
    for _ in range(R.randint(3, 6)):
        f, l = en_person()
        lines.append(f"{f},{l},{email(f, l, lang='en')},{phone_us(pick(['dash', 'paren', 'dot', 'intl']))},{ssn(pick(['dash', 'compact']))},{R.randint(10001, 98999):05d},{R.randint(2023, 2025)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}")
    return "\n".join(lines)


def en_contract():
    comp, dom = pick(EN_COMP)
    f, l = en_person()
    return "\n".join([
        "12. NOTICES",
        f"12.1 Any notice under this Agreement shall be in writing and delivered to the Supplier at {pick(EN_STREETS)}, London EC1V 9HX, attention {f} {l} ({email(f, l, dom, 'en')}),",
        f"and to the Customer at its registered office, with a copy by email to {role_email('legal', pick(EN_COMP)[1])}.",
        f"12.2 Notices sent by email are deemed received at 9:00 a.m. on the next Business Day. Telephone: {phone_uk()}.",
        f"13. FEES. The Customer shall pay the Fees of {en_amount(10000, 250000, '£')} per annum (exclusive of VAT at 20%) within 30 days of invoice into the account {iban('GB', 'groups')}.",
        f"14. This Agreement (ref. MSA-{R.randint(2020, 2025)}-{digits(4)}) is effective as of {en_date()}.",
    ])


def en_expense():
    f, l = en_person()
    lines = [f"Expense report ER-{digits(6)} – {f} {l} – {pick(['Q1', 'Q2', 'Q3'])} {R.randint(2024, 2025)}",
             "Date | Merchant | Category | Amount | Receipt #"]
    for _ in range(R.randint(3, 5)):
        lines.append(f"{en_date()} | {pick(['Uber', 'Marriott Marquis', 'Delta Air Lines', 'Pret A Manger', 'Staples', 'WeWork'])} | {pick(['Travel', 'Meals', 'Lodging', 'Supplies'])} | {en_amount(5, 1200, '$')} | {order_no(R.randint(9, 12))}")
    lines.append(f"Corporate card: {card('amex', pick([' ', '']))}   Personal card used for 1 item: {card(pick(['visa', 'discover', 'mc2']))}")
    lines.append(f"Reimburse personal items via ACH; approver {email(lang='en', domain=pick(EN_COMP)[1])}.")
    return "\n".join(lines)


def en_travel():
    f, l = en_person()
    return "\n".join([
        f"Booking confirmation {alnum(6, string.ascii_uppercase + '23456789')} – {f} {l}",
        f"Flight {pick(['BA', 'LH', 'AF', 'UA'])}{R.randint(100, 999)} {pick(['LHR-JFK', 'FRA-SFO', 'CDG-BOS'])} on {en_date()}, seat {R.randint(10, 40)}{pick('ACDF')}",
        f"Hotel: {pick(['Hilton Midtown', 'Hotel Adlon', 'Le Meurice'])}, 3 nights, total {en_amount(600, 2500)}",
        f"Guest contact: {email(f, l, lang='en')}, {pick([phone_uk(), phone_eu(), phone_us()])}",
        f"Card on file: {card()} exp {R.randint(1, 12):02d}/{R.randint(26, 30)}",
        f"Frequent flyer no. {num9()} · Customer ref {uuid4()}",
    ])


def en_terraform():
    return "\n".join([
        'provider "aws" {',
        '  region     = "eu-west-1"',
        f'  access_key = "{aws_key()}"',
        f'  secret_key = "{aws_secret()}"',
        "}",
        "",
        'resource "aws_instance" "bastion" {',
        f'  ami           = "ami-{commit(17)}"',
        '  instance_type = "t3.micro"',
        f'  private_ip    = "{ip("priv")}"',
        "}",
    ])


def en_gha():
    return "\n".join([
        "name: deploy",
        "on: { push: { branches: [main] } }",
        "jobs:",
        "  release:",
        "    runs-on: ubuntu-22.04",
        "    steps:",
        "      - uses: actions/checkout@v4",
        "      - run: ./scripts/publish.sh",
        "        env:",
        f"          GH_TOKEN: {gh_token() if R.random() < 0.5 else gh_pat()}   # TODO move to secrets",
        "          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}",
        f"          SLACK_WEBHOOK_SECRET: {hexkey(32)}",
    ])


def en_slackbot():
    return "\n".join([
        "# quick script to post the nightly report – ask in #data-eng before changing",
        "import os",
        "from slack_sdk import WebClient",
        "",
        f'client = WebClient(token="{slack_token()}")',
        f'openai_key = os.getenv("OPENAI_API_KEY", "{openai_key()}")',
        'client.chat_postMessage(channel="C0' + alnum(8, string.ascii_uppercase + string.digits) + '", text=f"Nightly ETL done in {elapsed:.1f}s")',
    ])


def en_release():
    return "\n".join([
        f"Release notes – version {R.randint(1, 4)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 99)} ({en_date()})",
        f"* Upgraded to .NET {pick(['8.0.401', '8.0.303', '9.0.100'])} and EF Core {pick(['8.0.8', '8.0.10'])}.",
        f"* Fixed rounding on invoices over {en_amount(10000, 10000, '$')} (ticket JIRA-{R.randint(1000, 9999)}), commit {commit(7)}.",
        f"* Certificate template OID {oid()} now supported.",
        f"* Performance: p95 latency down {R.randint(10, 40)}% (from {R.randint(300, 500)}ms).",
        f"* Known issue: test card {bad_card()} is rejected by the sandbox (expected – it fails Luhn).",
        f"Build artifacts: sha256 {commit(64)[:16]}..., container tag {version()}",
    ])


def en_network():
    return "\n".join([
        f"Change request CHG{digits(7)} – firewall rules for new branch office",
        f"Allow {ip('pub')}/32 -> {ip('priv')}:443 (tcp) – SD-WAN edge",
        f"Allow {ip('v6')} -> [{ip('v6')}]:8443 – monitoring over IPv6",
        f"Branch LAN {E('IP_ADDRESS', pick(['10.40.0.0', '172.20.0.0', '192.168.50.0']))}/{pick(['16', '22', '24'])}, VLAN {R.randint(10, 400)}, gateway {ip('priv')}",
        f"Switch MAC {mac()} / AP MAC {mac()}, firmware version {R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 20)}.{R.randint(0, 99)}",
        f"Requested by {email(lang='en', domain=pick(EN_COMP)[1])}; maintenance window {en_date()} 22:00-23:30 UTC.",
    ])


def en_pem_ticket():
    f, l = en_person()
    return "\n".join([
        f"Hi IT, I can't SSH into the build box ({ip('priv')}) anymore. Here's the key I'm using, is it the right one?",
        pem(),
        f"Thanks – {f} ({email(f, l, pick(EN_COMP)[1], 'en')})",
    ])


def en_eu_complaint():
    f, l = en_person()
    cc = pick(["FR", "IT", "PT", "BE", "DE"])
    return "\n".join([
        f"Dear {pick(EN_COMP)[0]} customer service,",
        f"I ordered a replacement part (order {order_no(11)}) on {en_date()} and it still hasn't arrived in {pick(['Lyon', 'Rome', 'Lisbon', 'Brussels', 'Berlin'])}.",
        f"Please refund the {en_amount(30, 800, '€')} to my account {iban(cc)} rather than the card.",
        f"You can reach me on {phone_eu(cc if cc in ('FR', 'IT', 'PT', 'DE') else None)} (after 6pm CET) or at {email(f, l, lang='en')}.",
        f"Tracking number you gave me: {ups()} – it says 'label created' since {R.randint(2, 4)} weeks.",
        "Regards,",
        f"{f} {l}",
    ])


def en_prompt_jwt():
    return "\n".join([
        "Decode this JWT for me and tell me why our API returns 403 'insufficient_scope':",
        jwt(),
        f"The endpoint is GET https://api.{pick(EN_COMP)[1]}/v3/payroll/reports?from={R.randint(2023, 2025)}-01-01 and the gateway runs Kong {pick(['3.6.1', '3.4.2'])}.",
        "Expected scope is payroll:read. Header format is 'Authorization: Bearer <token>'.",
    ])


def en_w2():
    f, l = en_person()
    comp, dom = pick(EN_COMP)
    return "\n".join([
        f"Hi {pick(EN_FIRST)}, I never received my W-2 for {R.randint(2023, 2024)}. Could you re-send it?",
        f"Name: {f} {l}   SSN: {ssn()}   Employee #: {digits(6)}",
        f"Employer EIN on my paystub is {R.randint(10, 99)}-{digits(7)} if that helps.",
        f"New mailing address: {pick(EN_STREETS)}, {pick(['Austin, TX 78701', 'Seattle, WA 98101', 'Denver, CO 80202'])}",
        f"Best number: {phone_us()} – or email {email(f, l, lang='en')}.",
    ])


def en_dispute():
    f, l = en_person()
    return "\n".join([
        f"Chargeback case CB-{digits(8)} – cardholder {f} {l}",
        f"Disputed transactions on card {card(None, '')}:",
        f"  {en_date()}  {pick(['AMZN Mktp US', 'UBER *TRIP', 'SQ *COFFEE'])}  {en_amount(5, 500, '$')}  auth {digits(6)}  ARN {digits(23)}",
        f"  {en_date()}  {pick(['NETFLIX.COM', 'APPLE.COM/BILL', 'SPOTIFY'])}  {en_amount(5, 50, '$')}  auth {digits(6)}",
        f"Replacement card issued: {card(pick(['visa', 'mc2', 'discover']), pick(['-', ' ']))}. Old card number in the IVR log was mistyped as {bad_card()}.",
        f"Cardholder verified via {phone_us()} and SSN last 4 ({digits(4)}).",
    ])


def en_background():
    f, l = en_person()
    return "\n".join([
        "Prompt: Summarise this background-check report in 2 sentences for the hiring manager.",
        f"Candidate: {f} {l} | DOB {R.randint(1, 12):02d}/{R.randint(1, 28):02d}/{R.randint(1970, 2001)} | SSN {ssn()}",
        f"Phone {phone_us()} | Email {email(f, l, lang='en')}",
        f"Address history: {pick(EN_STREETS)} (2019-2023); prior ZIP {R.randint(10001, 98999)}",
        f"Criminal: none found (searched {R.randint(3, 12)} counties). Employment verified: {pick(EN_COMP)[0]} {R.randint(2015, 2019)}-{R.randint(2020, 2024)}.",
        f"Report ID {uuid4()} · generated {en_date()}",
    ])


EN_TEMPLATES = [en_w2, en_dispute, en_background, en_onboarding, en_payroll_uk, en_sick, en_invoice, en_payment_instr, en_ticket, en_chat,
                en_prompt_env, en_prompt_rewrite, en_incident, en_nginx, en_applog, en_env, en_json_config,
                en_compose, en_csv, en_contract, en_expense, en_travel, en_terraform, en_gha, en_slackbot,
                en_release, en_network, en_pem_ticket, en_eu_complaint, en_prompt_jwt]

# ---------------------------------------------------------------------------
# Assembly + self-checks
# ---------------------------------------------------------------------------
SENT = re.compile("\x00([A-Z_]+)\x01(.*?)\x02", re.S)


def materialise(raw):
    out, ents, pos, cur = [], [], 0, 0
    for m in SENT.finditer(raw):
        chunk = raw[pos:m.start()]
        out.append(chunk)
        cur += len(chunk)
        v = m.group(2)
        ents.append({"type": m.group(1), "start": cur, "length": len(v), "_value": v})
        out.append(v)
        cur += len(v)
        pos = m.end()
    out.append(raw[pos:])
    text = "".join(out)
    assert not re.search("[\x00\x01\x02]", text)
    return text, ents


def check_doc(doc):
    text, ents = doc["text"], doc["_ents"]
    errs = []
    assert all(ord(c) < 0x10000 for c in text), "astral char"
    assert len(text.encode("utf-16-le")) // 2 == len(text)
    last_end = -1
    for e in sorted(ents, key=lambda e: e["start"]):
        span = text[e["start"]:e["start"] + e["length"]]
        if span != e["_value"]:
            errs.append("span mismatch %r vs %r" % (span, e["_value"]))
        if e["start"] < last_end:
            errs.append("overlap at %d" % e["start"])
        last_end = e["start"] + e["length"]
        if not VALIDATORS[e["type"]](span):
            errs.append("invalid %s %r" % (e["type"], span))
        if span != span.strip() or span[:1] in "\"'([<" or span[-1:] in "\"')]>.,;:":
            if not span.endswith("-----") and not (e["type"] == "PHONE" and span[0] == "("):
                errs.append("span has edge punctuation %r" % span)
    n_lines = text.count("\n") + 1
    if not 2 <= n_lines <= 15:
        errs.append("line count %d" % n_lines)
    return errs


LOOKALIKES = [
    ("CREDIT_CARD", re.compile(r"(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w-])"), valid_card),
    ("IBAN", re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?\b"), valid_iban),
    ("ES_DNI", re.compile(r"\b\d{2}\.?\d{3}\.?\d{3}[ -]?[A-Za-z]\b"), valid_dni),
    ("ES_NIE", re.compile(r"\b[XYZxyz]-?\d{7}-?[A-Za-z]\b"), valid_nie),
    ("ES_CIF", re.compile(r"\b[A-Wa-w][ -]?\d{7}[0-9A-J]\b"), valid_cif),
    ("EMAIL", EMAIL_RE, valid_email),
    ("IP_ADDRESS", re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])"), valid_ip),
    ("US_SSN", re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), valid_ssn),
    ("US_SSN(compact)", re.compile(r"(?<![\w.-])\d{9}(?![\w-])"), valid_ssn),
    ("PHONE(bare)", re.compile(r"(?<![\w.-])\d{9,10}(?![\w-])"), valid_phone),
]


def lookalike_scan(doc):
    """Report unlabelled substrings that would validate as a labelled type."""
    text = doc["text"]
    covered = set()
    for e in doc["_ents"]:
        covered.update(range(e["start"], e["start"] + e["length"]))
    hits = []
    for t, rx, fn in LOOKALIKES:
        for m in rx.finditer(text):
            if fn(m.group(0)) and not (set(range(m.start(), m.end())) & covered):
                if t == "IP_ADDRESS" and re.search(r"version\s*$", text[max(0, m.start() - 10):m.start()]):
                    continue  # intended decoy: 4-part build/firmware number after "version"
                hits.append((t, m.group(0)))
    return hits


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--out", default="heldout.jsonl")
    ap.add_argument("--per-lang", type=int, default=60)
    a = ap.parse_args()
    R.seed(a.seed)
    docs = []
    for lang, templates in (("es", ES_TEMPLATES), ("en", EN_TEMPLATES)):
        order = []
        while len(order) < a.per_lang:
            t = list(templates)
            R.shuffle(t)
            order.extend(t)
        for i, tpl in enumerate(order[:a.per_lang]):
            text, ents = materialise(tpl())
            docs.append({"id": "%s-%03d-%s" % (lang, i + 1, tpl.__name__.split("_", 1)[1]), "lang": lang,
                         "text": text, "_ents": ents})
    R.shuffle(docs)
    bad = 0
    counts = collections.Counter()
    look = []
    for d in docs:
        errs = check_doc(d)
        if errs:
            bad += 1
            print("ERROR", d["id"], errs, file=sys.stderr)
        for h in lookalike_scan(d):
            look.append((d["id"],) + h)
        counts.update(e["type"] for e in d["_ents"])
    with open(a.out, "w", encoding="utf-8") as fh:
        for d in docs:
            rec = {"id": d["id"], "lang": d["lang"], "text": d["text"],
                   "entities": [{"type": e["type"], "start": e["start"], "length": e["length"]}
                                for e in sorted(d["_ents"], key=lambda e: e["start"])]}
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("documents: %d (es=%d, en=%d)" % (len(docs), sum(d["lang"] == "es" for d in docs), sum(d["lang"] == "en" for d in docs)))
    print("documents with no entities: %d" % sum(not d["_ents"] for d in docs))
    print("entities: %d" % sum(counts.values()))
    for t in TYPES:
        print("  %-12s %4d" % (t, counts[t]))
    print("label errors: %d" % bad)
    print("unlabelled look-alikes that validate: %d" % len(look))
    for x in look:
        print("  LOOKALIKE", x)
    if bad:
        sys.exit(1)


if __name__ == "__main__":
    main()
