#!/usr/bin/env python3
"""Hand-written labelled documents for DLP round two (issue 13): secrets in the shapes people paste (HTTP dumps, SQL,
Kubernetes and compose files, shell history, chat), Spanish VAT ids, phones from the rest of Europe, and the
look-alikes that must not fire (public keys, placeholders, prose about passwords, order numbers, IMEIs, broken IBANs).

    python3 tools/dlp-corpus/make_round_two.py tests/Econeura.Domain.Tests/Dlp/Corpus/round_two.jsonl

Entities are written inline as ⟦TYPE|value⟧; the markers are removed and the offsets (UTF-16 code units: the texts are
BMP-only, so Python indices) recorded. Standard library only.
"""
import json
import re
import sys

MARK = re.compile(r"⟦([A-Z_]+)\|(.*?)⟧", re.S)
TYPES = {"EMAIL", "PHONE", "CREDIT_CARD", "IBAN", "ES_DNI", "ES_NIE", "ES_CIF", "US_SSN", "IP_ADDRESS", "SECRET"}

DOCS = [
    # ---------------- passwords in free text ----------------
    ("en", "chat", "hey, can you log into the staging box for me? my password is ⟦SECRET|Hunter2!x⟧ and the user is deploy. thanks!"),
    ("en", "chat", "The password for the office VPN was ⟦SECRET|Qz8!vR2m⟧. IT says the new password will be ⟦SECRET|Tr4in-Stat10n⟧ from Monday."),
    ("en", "chat", "FYI I changed the password to ⟦SECRET|Blue$ky2025⟧ after the audit, the old one is gone."),
    ("es", "chat", "Te paso los datos: el usuario es mgarcia y la contraseña es ⟦SECRET|Verano2024#⟧. No la compartas."),
    ("es", "chat", "La clave de acceso al servidor de pruebas es ⟦SECRET|Srv.4421-x⟧ y la clave del wifi de la oficina es ⟦SECRET|CasaAzul-77⟧."),
    ("es", "chat", "Entra con el usuario admin y contraseña ⟦SECRET|Adm1n-2024⟧, luego cámbiala desde el perfil."),
    ("es", "email", "Hola Marta:\nTu contraseña provisional es ⟦SECRET|Pr0v-8812⟧. Al entrar te pedirá una nueva.\nUn saludo,\nSoporte (⟦EMAIL|soporte@contoso.es⟧)"),
    ("es", "chat", "Oye, la contraseña del router creo que era ⟦SECRET|R0uter_Casa⟧ pero no entra. ¿Me la recuerdas?"),
    ("en", "chat", "Your password is incorrect. Please try again or reset it. The password must be at least 12 characters long and the password policy for 2025 is stricter."),
    ("es", "chat", "La clave del éxito es la constancia. La clave es que el cliente pague antes de 2025, y la contraseña nueva tiene que ser larga."),
    ("en", "chat", "¿Cuál es la contraseña del wifi? -- asked Ana. My password is wrong! said Tom. The password reset link expires in 24 hours."),
    ("en", "email", "Access details\nPassword for the SFTP account: ⟦SECRET|Sftp!2023x⟧\nHost: sftp.contoso.com, user ana. My pwd is ⟦SECRET|Winter2024!⟧ on the old box."),
    ("es", "email", "Datos de acceso\nContraseña de la base de datos: ⟦SECRET|Bd_Prod-991⟧\nRequisitos de la contraseña: 12 caracteres como mínimo."),
    ("en", "config", "<configuration>\n  <appSettings>\n    <add key=\"SmtpUser\" value=\"mailer\" />\n    <add key=\"SmtpPassword\" value=\"⟦SECRET|Smtp-P4ss!⟧\" />\n    <add key=\"RetryCount\" value=\"5\" />\n  </appSettings>\n</configuration>"),
    ("es", "chat", "Te dejo el acceso del portátil. Usuario: jlopez  Contraseña: ⟦SECRET|1234⟧ (sí, lo sé). Nueva contraseña generada → ⟦SECRET|Gx7$kP2m!q⟧"),
    ("en", "shell", "sqlcmd -S ⟦IP_ADDRESS|10.1.2.3⟧ -U sa -P '⟦SECRET|Sq1-Cmd!pw⟧' -Q \"select @@version\"\nkubectl create secret generic db --from-literal=password='⟦SECRET|Kub3-Lit!⟧'\nsqlcmd -S db -E -Q \"select 1\""),
    ("en", "ticket", "Before storing it, hash the password SHA256 with a salt; never log the password field. Password managers are fine."),

    # ---------------- SQL ----------------
    ("en", "sql", "-- provisioning\nCREATE USER 'app'@'%' IDENTIFIED BY '⟦SECRET|S3cr3t!pw⟧';\nGRANT SELECT, INSERT ON shop.* TO 'app'@'%';\nALTER USER 'report'@'10.0.0.%' IDENTIFIED WITH mysql_native_password BY '⟦SECRET|N3wPass!⟧';\nSET PASSWORD FOR 'bob'@'localhost' = '⟦SECRET|B0b-secret⟧';"),
    ("en", "sql", "CREATE ROLE reporter WITH LOGIN PASSWORD '⟦SECRET|r3p0rt-2024⟧' VALID UNTIL '2026-01-01';\nCREATE USER etl WITH ENCRYPTED PASSWORD '⟦SECRET|etl_pw_9⟧';\nALTER USER postgres PASSWORD '⟦SECRET|pg-Adm1n⟧';\n-- password_encryption = scram-sha-256; password checks are done by the pooler"),
    ("en", "sql", "create user scott identified by ⟦SECRET|tiger77⟧;\nalter user hr identified by values 'S:8F2D1C…';\nCREATE LOGIN app WITH PASSWORD = '⟦SECRET|Ms5ql!2024⟧', CHECK_POLICY = ON;"),
    ("es", "sql", "-- Ejemplo de la documentación, no ejecutar:\nCREATE USER 'demo'@'localhost' IDENTIFIED BY '<contraseña>';\nALTER USER demo PASSWORD '${DEMO_PASSWORD}';\nSELECT password_last_changed FROM mysql.user;"),

    # ---------------- command lines ----------------
    ("en", "shell", "$ sshpass -p '⟦SECRET|Ssh-p4ss⟧' ssh deploy@⟦IP_ADDRESS|10.0.0.5⟧ uptime\n$ sshpass -e ssh deploy@⟦IP_ADDRESS|10.0.0.6⟧ uptime\n$ mysql -h db -u root -p⟦SECRET|MyR00tPw⟧ shop < dump.sql\n$ mysql -u root -p shop"),
    ("en", "shell", "redis-server --requirepass ⟦SECRET|R3d1sPass⟧ --port 6380 &\nredis-cli -h cache -p 6380 -a '⟦SECRET|R3d1sPass⟧' ping\nPGPASSWORD=⟦SECRET|pgS3cret⟧ psql -h db -U app -c 'select 1'"),
    ("en", "shell", "curl -u admin:⟦SECRET|Adm1nPw!⟧ https://api.example.com/v1/health\ndocker login --password ⟦SECRET|Dock3r-pw⟧ registry.example.com\nmysqldump -uroot -p'⟦SECRET|Dump!2024⟧' shop > shop.sql"),
    ("es", "config", "# redis.conf\nbind ⟦IP_ADDRESS|127.0.0.1⟧\n# requirepass foobared\nrequirepass ⟦SECRET|Str0ng-Redis⟧\nmasterauth ⟦SECRET|Str0ng-Redis⟧"),

    # ---------------- Kubernetes, ECS and compose ----------------
    ("en", "k8s", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          env:\n            - name: DB_PASSWORD\n              value: \"⟦SECRET|K8s-Secr3t⟧\"\n            - name: LOG_LEVEL\n              value: \"debug\"\n            - name: API_TOKEN\n              value: ⟦SECRET|tok_12345abcdef⟧\n            - name: REPLICAS\n              value: \"3\""),
    ("en", "k8s", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  username: app\n  password: ⟦SECRET|Kube-Pw-2024⟧\n---\nenv:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: { name: db, key: password }"),
    ("en", "ecs", "{\"containerDefinitions\": [{\"name\": \"web\", \"environment\": [{\"name\": \"DB_PASSWORD\", \"value\": \"⟦SECRET|Ecs-pw-77⟧\"}, {\"name\": \"STAGE\", \"value\": \"prod-2\"}]}]}"),
    ("es", "compose", "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_USER=app\n      - POSTGRES_PASSWORD=⟦SECRET|Compose!pw1⟧\n  cache:\n    image: redis:7\n    command: redis-server --requirepass ⟦SECRET|Cach3-pw⟧\n  web:\n    environment:\n      DB_PASSWORD: \"${DB_PASSWORD}\"\n      SECRET_KEY: ⟦SECRET|dj4ng0-s3cret-k3y-9x⟧"),
    ("es", "compose", "# plantilla para copiar\nservices:\n  db:\n    environment:\n      POSTGRES_PASSWORD: changeme\n      MYSQL_ROOT_PASSWORD: <tu-contraseña>\n      API_KEY: \"{{ vault_api_key }}\""),

    # ---------------- HTTP dumps ----------------
    ("en", "http", "GET /api/v1/reports HTTP/1.1\nHost: reports.contoso.com\nAuthorization: Basic ⟦SECRET|YWRtaW46UzNjcjN0IQ==⟧\nAccept: application/json\n\nHTTP/1.1 200 OK"),
    ("en", "http", "CONNECT api.example.com:443 HTTP/1.1\nproxy-authorization: basic ⟦SECRET|cHJveHk6cHIweHlQYXNz⟧\nuser-agent: curl/8.5"),
    ("en", "http", "Docs example, do not use: Authorization: Basic dXNlcm5hbWU6cGFzc3dvcmQ= and RFC 7617's Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==. Basic usage is described in the README."),
    ("es", "http", "POST /token HTTP/1.1\nAuthorization: Bearer ⟦SECRET|eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U⟧\nX-Forwarded-For: ⟦IP_ADDRESS|203.0.113.45⟧\n\ncurl -H 'Authorization: Basic ⟦SECRET|ZGVwbG95OkRlcGwweSE=⟧' https://ci.contoso.es/api"),

    # ---------------- vendor keys and public values ----------------
    ("en", "config", "SENDGRID_API_KEY=⟦SECRET|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⟧\nSTRIPE_WEBHOOK_SECRET=⟦SECRET|whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw⟧\nSTRIPE_RESTRICTED=⟦SECRET|rk_live_51H8xYzABCdefGHIjklMNOpqRS⟧\nSTRIPE_PUBLISHABLE_KEY=pk_live_51H8xYzABCdefGHIjklMNOpqRS"),
    ("en", "terraform", "{\n  \"type\": \"azurerm_storage_account\",\n  \"instances\": [{\n    \"attributes\": {\n      \"name\": \"contosodata\",\n      \"primary_access_key\": \"⟦SECRET|x8Kz3vQ1mN7pL2wR9tY5uI0oP4aS6dF8gH1jK3lZ5xC7vB9nM2qW4eR6tY8uI0oP1aS3dF5gH7jK9lZ1xC3vB5n==⟧\",\n      \"secondary_access_key\": \"⟦SECRET|Yq7Wn2Lp9Kx4Vr1Tz6Hs3Md8Bf5Gc0Ja7Nu2Qe9Ri4Ow1Ey6Pt3Ak8Sl5Dz0Fx7Cv2Bm9Gn4Hj1Kq6Lw3Ze8Xr5Ts0Ua==⟧\",\n      \"primary_blob_endpoint\": \"https://contosodata.blob.core.windows.net/\"\n    }\n  }]\n}"),
    ("en", "config", "AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=contosodata;AccountKey=⟦SECRET|x8Kz3vQ1mN7pL2wR9tY5uI0oP4aS6dF8gH1jK3lZ5xC7vB9nM2qW4eR6tY8uI0oP1aS3dF5gH7jK9lZ1xC3vB5n==⟧;EndpointSuffix=core.windows.net"),
    ("en", "terraform", "provider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \"AKIAIOSFODNN7EXAMPLE\"\n  secret_key = \"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"\n}\nresource \"aws_iam_access_key\" \"ci\" {}\n# output: \"secret\": \"⟦SECRET|9drTJvcXLB89EXAMPLxLEY1ZYy4qkOb5d8Ys3eR7⟧\""),
    ("en", "json", "{\"Credentials\": {\"AccessKeyId\": \"⟦SECRET|ASIAY34FZKBOKMUTVV7A⟧\", \"SecretAccessKey\": \"⟦SECRET|t8Hk2Pq9Lm4Wv7Rx1Zc5Nb3Yd6Fg0Js8Ae2Tu9Ko⟧\", \"SessionToken\": \"⟦SECRET|FwoGZXIvYXdzEJr7Xb2k9Lq4Vm8Tz1Rw6Hs3Nd5Cf0Gj7⟧\"}}"),
    ("en", "readme", "## Configuration\nCopy `.env.example` to `.env` and set:\n- OPENAI_API_KEY=sk-XXXXXXXXXXXXXXXXXXXXXXXX\n- STRIPE_KEY=<your-api-key>\n- GITHUB_TOKEN=ghp_1234567890abcdefghijklmnopqrstuvwxyzAB\n- AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n- DB_PASSWORD=changeme\nThe publishable key (pk_test_TYooMQauvdEDq54NiTphI7jx) can go in the frontend."),
    ("es", "chat", "He rotado el token de GitHub: el nuevo es ⟦SECRET|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⟧. El de la wiki (ghp_R8x2LmQ9vT4kW7pZ3nB6cY1dF5hJ0sA2eG8u) era inventado, no pasa el checksum."),
    ("en", "yaml", "github:\n  token: ⟦SECRET|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⟧\n  example_token: ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8\nsendgrid:\n  api_key: SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"),

    # ---------------- Spanish VAT ids on invoices from other EU countries ----------------
    ("en", "invoice", "INVOICE 2024-0117\nBill to: Talleres Ruiz S.L., Calle Mayor 1, 28001 Madrid, Spain\nVAT ID: ES⟦ES_CIF|B12345674⟧\nSupplier VAT: DE123456789\nIBAN ⟦IBAN|DE89 3704 0044 0532 0130 00⟧\nTotal: 1.250,00 EUR"),
    ("en", "invoice", "RECHNUNG Nr. 2024/551\nKunde: Logística Norte S.A.\nUSt-IdNr. des Kunden: ES⟦ES_CIF|A28509701⟧\nUnsere USt-IdNr.: DE811569869\nBitte überweisen Sie auf ⟦IBAN|DE89370400440532013000⟧.\nTel. ⟦PHONE|+49 (0)30 901820⟧"),
    ("en", "invoice", "FACTURE N° F-2024-88\nClient : Conservas del Sur S.L. — N° TVA intracommunautaire : ES⟦ES_CIF|B87654323⟧\nNotre TVA : FR40303265045\nRèglement par virement : ⟦IBAN|FR14 2004 1010 0505 0001 3M02 606⟧\nContact : ⟦PHONE|01 42 68 53 00⟧"),
    ("es", "invoice", "FATTURA n. 45/2024\nCliente: Hermanos Gil S.A. - Partita IVA cliente ES-⟦ES_CIF|A08012346⟧\nCodice SKU ESB12345674 (articolo), ordine 3331234567\nPagamento su ⟦IBAN|IT60 X054 2811 1010 0000 0123 456⟧"),
    ("es", "invoice", "FACTURA 2024-311\nEmisor: Construcciones Beta, S.L. — CIF ⟦ES_CIF|B-65.738.239⟧\nReceptor: Juan Pérez (NIF-IVA ES⟦ES_DNI|45678123P⟧), autónomo\nPedido B-65.738.238 / lote 0612345678\nIBAN ⟦IBAN|ES17 2085 2066 6234 5678 9011⟧"),
    ("es", "invoice", "Datos fiscales de la empresa, C.I.F.: ⟦ES_CIF|B 99155434⟧\nNIF intracomunitario del proveedor: ES⟦ES_CIF|G43567817⟧\nTabla B 12345674 del anexo; referencia ESB12345675 (no válida)."),
    ("en", "invoice", "Supplier: Frutas Levante SL\nVAT number of the supplier: ⟦ES_CIF|B 12345674⟧\nNIPC do cliente: PT501964843\nNIF do representante (Espanha): ES⟦ES_NIE|Y2345678Z⟧"),
    ("es", "invoice", "Factura simplificada. CIF ⟦ES_CIF|B12.345.674⟧. Total 1.234.567,89 €. Nº de pedido 214973589. Código EAN 8412345678905."),

    # ---------------- phones from the rest of Europe ----------------
    ("en", "email", "Hi Ana,\nCall me on ⟦PHONE|+44 (0)20 7946 0958⟧ (office) or my mobile ⟦PHONE|07911 123456⟧. If I don't pick up, text ⟦PHONE|07400123456⟧.\nBest, Tom"),
    ("en", "chat", "the courier's number is ⟦PHONE|07700 900123⟧, and the depot is ⟦PHONE|0161 496 0000⟧. Tracking 07911123455."),
    ("es", "chat", "Contacto en destino: ⟦PHONE|214 973 589⟧ / ⟦EMAIL|mariajose-castro@telefonica.pt⟧. En Lisboa, la oficina: ⟦PHONE|21 342 1234⟧; Oporto ⟦PHONE|22 208 1234⟧."),
    ("es", "email", "Mi móvil en Italia es ⟦PHONE|347 123 4567⟧; el de Giulia ⟦PHONE|333 1234567⟧. El fijo de Roma: ⟦PHONE|06 6982 1234⟧.\nReferencia del pedido 3331234568."),
    ("en", "email", "Berlin office: ⟦PHONE|030/12345678⟧, Munich ⟦PHONE|(089) 1234567⟧, Klaus' Handy ⟦PHONE|0151 23456789⟧.\nBestellnummer 030123456, Rechnung 0301234567."),
    ("es", "chat", "Teléfonos de Francia: oficina de París ⟦PHONE|01 42 68 53 00⟧, portable de Claire ⟦PHONE|06 12 34 56 78⟧, y el suyo tél ⟦PHONE|0612345678⟧."),
    ("en", "email", "Benelux contacts: Amsterdam ⟦PHONE|020 123 4567⟧, mobiel ⟦PHONE|06-12345678⟧; Brussels ⟦PHONE|02 123 45 67⟧, gsm ⟦PHONE|0470 12 34 56⟧."),
    ("es", "chat", "Llama a Madrid al ⟦PHONE|912 345 678⟧ o a Nueva York al ⟦PHONE|(212) 736-5000⟧. Población: 214.973.589 habitantes (dato inventado)."),

    # ---------------- digits inside other entities ----------------
    ("es", "ticket", "El cliente copió mal el IBAN: ES00 2100 0418 4502 0006 1234 (no válido). El bueno es ⟦IBAN|ES91 2100 0418 4502 0005 1332⟧. Su móvil ⟦PHONE|612 345 678⟧."),
    ("en", "ticket", "Wrong IBAN in the form: DE00 4111 1111 1111 1111 78 — please check. Card on file ends in 1111. Call ⟦PHONE|+49 89 12345678⟧."),
    ("en", "inventory", "Device returned: IMEI 490154203237518, IMEI2 35 345678 901234 5, SIM ICCID 8934071234567890125.\nCustomer card: ⟦CREDIT_CARD|4242 4242 4242 4242⟧."),
    ("es", "inventory", "Terminal: IMEI: 3534567890123455 · ICCID de la SIM: 8934 0712 3456 7890 125 · IMSI 214070123456789.\nTarjeta del cliente ⟦CREDIT_CARD|5454 5454 5454 5454⟧."),
]


def parse(text):
    out, entities, pos = [], [], 0
    for m in MARK.finditer(text):
        out.append(text[pos:m.start()])
        start = sum(len(part) for part in out)
        kind, value = m.group(1), m.group(2)
        assert kind in TYPES, kind
        entities.append({"type": kind, "start": start, "length": len(value), "value": value})
        out.append(value)
        pos = m.end()
    out.append(text[pos:])
    plain = "".join(out)
    assert "⟦" not in plain and "⟧" not in plain, plain
    assert all(ord(c) < 0x10000 for c in plain)
    for e in entities:
        assert plain[e["start"]:e["start"] + e["length"]] == e["value"]
    return plain, entities


def main(out_path):
    with open(out_path, "w", encoding="utf-8") as out:
        for i, (lang, kind, text) in enumerate(DOCS, 1):
            plain, entities = parse(text)
            doc = {"id": f"r2-{kind}-{lang}-{i:03d}", "lang": lang, "kind": kind, "text": plain, "entities": entities}
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"{len(DOCS)} documents -> {out_path}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "round_two.jsonl")
