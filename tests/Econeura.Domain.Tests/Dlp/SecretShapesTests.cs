using Econeura.Domain.Dlp;
using static Econeura.Domain.Tests.Dlp.DetectorTests;

namespace Econeura.Domain.Tests.Dlp;

/// <summary>Secrets in the shapes people paste (issue 13), and the public values that look like them.</summary>
public class SecretShapesTests
{
    [Theory]
    [InlineData("my password is Hunter2!x and nothing else", "Hunter2!x")]
    [InlineData("The password for the VPN was Qz8!vR2m.", "Qz8!vR2m")]
    [InlineData("your new password will be Tr4in-Stat10n", "Tr4in-Stat10n")]
    [InlineData("I changed the password to Blue$ky2025 yesterday", "Blue$ky2025")]
    [InlineData("la contraseña es Verano2024# y no la cambies", "Verano2024#")]
    [InlineData("Mi contraseña del correo es ahora Gat0-Negro!", "Gat0-Negro!")]
    [InlineData("la clave de acceso al servidor es Srv.4421-x", "Srv.4421-x")]
    [InlineData("La clave del wifi de la oficina es CasaAzul-77", "CasaAzul-77")]
    [InlineData("entra con el usuario admin y contraseña Adm1n-2024 para probar", "Adm1n-2024")]
    [InlineData("la contraseña es 482913", "482913")]
    [InlineData("Password for the SFTP account: Sftp!2023x", "Sftp!2023x")]
    [InlineData("contraseña de la base de datos: Bd_Prod-991", "Bd_Prod-991")]
    [InlineData("my pwd is Winter2024!", "Winter2024!")]
    [InlineData("set the password as Spring!2025 please", "Spring!2025")]
    [InlineData("Nueva contraseña generada → Gx7$kP2m!q", "Gx7$kP2m!q")]
    [InlineData("Contraseña: 1234", "1234")]
    public void Passwords_in_free_text(string text, string password) => AssertFound(text, EntityType.SECRET, password);

    [Theory]
    [InlineData("CREATE USER 'app'@'%' IDENTIFIED BY 'S3cr3t!pw';", "S3cr3t!pw")]
    [InlineData("create user scott identified by tiger77;", "tiger77")]
    [InlineData("ALTER USER app IDENTIFIED WITH mysql_native_password BY 'N3wPass!';", "N3wPass!")]
    [InlineData("CREATE ROLE reporter WITH LOGIN PASSWORD 'r3p0rt-2024';", "r3p0rt-2024")]
    [InlineData("CREATE USER etl WITH ENCRYPTED PASSWORD 'etl_pw_9';", "etl_pw_9")]
    [InlineData("ALTER USER postgres PASSWORD 'pg-Adm1n';", "pg-Adm1n")]
    [InlineData("SET PASSWORD FOR 'bob'@'localhost' = 'B0b-secret';", "B0b-secret")]
    [InlineData("SET PASSWORD FOR 'bob'@'localhost' = PASSWORD('B0b-secret');", "B0b-secret")]
    [InlineData("CREATE LOGIN app WITH PASSWORD = 'Ms5ql!2024';", "Ms5ql!2024")]
    public void Passwords_in_sql(string text, string password) => AssertFound(text, EntityType.SECRET, password);

    [Theory]
    [InlineData("sshpass -p 'Ssh-p4ss' ssh deploy@10.0.0.5 uptime", "Ssh-p4ss")]
    [InlineData("sshpass -p S3cretSsh scp app.tgz root@host:/srv", "S3cretSsh")]
    [InlineData("redis-server --requirepass R3d1sPass --port 6380", "R3d1sPass")]
    [InlineData("requirepass Str0ng-Redis\nmasterauth Str0ng-Redis", "Str0ng-Redis")]
    [InlineData("redis-cli -h cache -a 'R3dis!cli' ping", "R3dis!cli")]
    [InlineData("mysql -h db -u root -pMyR00tPw shop < dump.sql", "MyR00tPw")]
    [InlineData("mysqldump -uroot -p'Dump!2024' shop > shop.sql", "Dump!2024")]
    [InlineData("PGPASSWORD=pgS3cret psql -h db -U app", "pgS3cret")]
    [InlineData("curl -u admin:Adm1nPw! https://api.example.com/v1", "Adm1nPw!")]
    [InlineData("docker login --password Dock3r-pw registry.example.com", "Dock3r-pw")]
    [InlineData("sqlcmd -S db -U sa -P 'Sq1-Cmd!pw' -Q \"select 1\"", "Sq1-Cmd!pw")]
    [InlineData("kubectl create secret generic db --from-literal=password='Kub3-Lit!'", "Kub3-Lit!")]
    public void Passwords_on_command_lines(string text, string password) => AssertFound(text, EntityType.SECRET, password);

    [Theory]
    [InlineData("env:\n  - name: DB_PASSWORD\n    value: \"K8s-Secr3t\"\n  - name: LOG_LEVEL\n    value: \"debug\"", "K8s-Secr3t")]
    [InlineData("        - name: API_TOKEN\n          value: tok_12345abcdef", "tok_12345abcdef")]
    [InlineData("\"environment\": [{\"name\": \"DB_PASSWORD\", \"value\": \"Ecs-pw-77\"}]", "Ecs-pw-77")]
    [InlineData("environment:\n  - POSTGRES_PASSWORD=Compose!pw1", "Compose!pw1")]
    [InlineData("<appSettings>\n  <add key=\"SmtpPassword\" value=\"Smtp-P4ss!\" />", "Smtp-P4ss!")]
    public void Passwords_in_kubernetes_ecs_and_compose_files(string text, string password) => AssertFound(text, EntityType.SECRET, password);

    [Theory]
    [InlineData("Authorization: Basic YWRtaW46UzNjcjN0IQ==", "YWRtaW46UzNjcjN0IQ==")]
    [InlineData("proxy-authorization: basic cHJveHk6cHIweHlQYXNz\r\n", "cHJveHk6cHIweHlQYXNz")]
    [InlineData("curl -H 'Authorization: Basic ZGVwbG95OkRlcGwweSE=' https://ci", "ZGVwbG95OkRlcGwweSE=")]
    public void Basic_credentials_in_headers(string text, string token) => AssertFound(text, EntityType.SECRET, token);

    [Theory]
    [InlineData("SENDGRID_API_KEY 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", "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")]
    [InlineData("webhook secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw ok", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    [InlineData("restricted rk_live_51H8xYzABCdefGHIjklMNOpqRS", "rk_live_51H8xYzABCdefGHIjklMNOpqRS")]
    [InlineData("\"primary_access_key\": \"x8Kz3vQ1mN7pL2wR9tY5uI0oP4aS6dF8gH1jK3lZ5xC7vB9nM2qW4eR6tY8uI0oP1aS3dF5gH7jK9lZ1xC3vB5n==\",", "x8Kz3vQ1mN7pL2wR9tY5uI0oP4aS6dF8gH1jK3lZ5xC7vB9nM2qW4eR6tY8uI0oP1aS3dF5gH7jK9lZ1xC3vB5n==")]
    [InlineData("secondary_access_key = \"Yq7Wn2Lp9Kx4Vr1Tz6Hs3Md8Bf5Gc0Ja7Nu2Qe9Ri4Ow1Ey6Pt3Ak8Sl5Dz0Fx7Cv2Bm9Gn4Hj1Kq6Lw3Ze8Xr5Ts0Ua==\"", "Yq7Wn2Lp9Kx4Vr1Tz6Hs3Md8Bf5Gc0Ja7Nu2Qe9Ri4Ow1Ey6Pt3Ak8Sl5Dz0Fx7Cv2Bm9Gn4Hj1Kq6Lw3Ze8Xr5Ts0Ua==")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=x8Kz3vQ1mN7pL2wR9tY5uI0oP4aS6dF8gH1jK3lZ5xC7vB9nM2qW4eR6tY8uI0oP1aS3dF5gH7jK9lZ1xC3vB5n==;EndpointSuffix=core.windows.net", "x8Kz3vQ1mN7pL2wR9tY5uI0oP4aS6dF8gH1jK3lZ5xC7vB9nM2qW4eR6tY8uI0oP1aS3dF5gH7jK9lZ1xC3vB5n==")]
    [InlineData("\"SecretAccessKey\": \"9drTJvcXLB89EXAMPLxLEY1ZYy4qkOb5d8Ys3eR7\"", "9drTJvcXLB89EXAMPLxLEY1ZYy4qkOb5d8Ys3eR7")]
    [InlineData("{\"token\": \"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\"}", "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")]
    public void Vendor_keys_in_json_yaml_and_terraform(string text, string key) => AssertFound(text, EntityType.SECRET, key);

    [Theory]
    [InlineData("Stripe.js: pk_live_51H8xYzABCdefGHIjklMNOpqRS")]
    [InlineData("const stripe = Stripe('pk_test_TYooMQauvdEDq54NiTphI7jx');")]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLE")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")]
    [InlineData("\"AccessKeyId\": \"AKIAI44QH8DHBEXAMPLE\", \"SecretAccessKey\": \"je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\"")]
    [InlineData("api_key: <your-api-key>")]
    [InlineData("password: \"{{ vault_db_password }}\"")]
    [InlineData("db_password: {{ vault_db_password }}")]
    [InlineData("DB_PASSWORD=changeme")]
    [InlineData("OPENAI_API_KEY=sk-XXXXXXXXXXXXXXXXXXXXXXXX")]
    [InlineData("token ghp_1234567890abcdefghijklmnopqrstuvwxyzAB and ghs_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8")]
    [InlineData("GH_TOKEN: ghp_Lfgm3GYJfKvicX98qecG7OcPDrhdndkdKafB")]
    [InlineData("Authorization: Basic dXNlcm5hbWU6cGFzc3dvcmQ=")]
    [InlineData("Basic usage: see the README")]
    [InlineData("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")]
    [InlineData("requirepass foobared")]
    public void Public_values_and_placeholders_are_not_secrets(string text) => AssertNone(text, EntityType.SECRET);

    [Theory]
    [InlineData("Your password is incorrect.")]
    [InlineData("my password is wrong!")]
    [InlineData("la clave del éxito es la constancia")]
    [InlineData("La clave es que el cliente pague en 2025")]
    [InlineData("the password policy for 2025 is stricter")]
    [InlineData("the password must be 12 characters long")]
    [InlineData("hash the password SHA256 before storing it")]
    [InlineData("mysql -u root -p shop")]
    [InlineData("sshpass -e ssh deploy@host")]
    [InlineData("¿Cuál es la contraseña del wifi?")]
    [InlineData("The password reset link expires in 24 hours.")]
    [InlineData("env:\n  - name: LOG_LEVEL\n    value: \"debug-2\"")]
    [InlineData("hostname: db01\nvalue: 12345678")]
    [InlineData("<add key=\"RetryCount\" value=\"5-2024-x\" />")]
    [InlineData("$ pwd\n/home/ana")]
    [InlineData("Password: 8 characters minimum")]
    [InlineData("sqlcmd -S db -E -Q \"select 1\"")]
    public void Prose_about_passwords_is_not_a_password(string text) => AssertNone(text, EntityType.SECRET);
}
