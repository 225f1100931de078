namespace Econeura.Domain.Agents;

/// <summary>What an answer of one department looks like: its title and its lines.</summary>
public sealed record Playbook(string Title, IReadOnlyList<string> Lines);

/// <summary>
/// The shape of each department's answer in each language: what its people expect from it (a summary for the CFO, a
/// checklist for the CISO, a draft reply for support), with no figures the simulator could not know.
/// </summary>
public static class DepartmentPlaybooks
{
    public static Playbook For(string department, string language) =>
        Books.TryGetValue((department, language), out var book) ? book : Books[("general", language)];

    private static readonly Dictionary<(string Department, string Language), Playbook> Books = new()
    {
        [("analytics", ReplyLanguage.Spanish)] = new("Análisis: lectura rápida",
        [
            "1. Pregunta: qué decisión depende del dato y con qué métrica se mide.",
            "2. Fuente: las tablas y el periodo que usaría, con el mismo corte de fechas que el cuadro de mando.",
            "3. Lectura: tendencia, estacionalidad y los valores fuera de lo normal, cada uno con su causa probable.",
            "4. Siguiente paso: el gráfico o KPI que añadiría al cuadro de mando para seguirlo.",
        ]),
        [("analytics", ReplyLanguage.English)] = new("Analysis: a quick read",
        [
            "1. Question: which decision depends on the data, and which metric measures it.",
            "2. Source: the tables and period I would use, cut at the same dates as the dashboard.",
            "3. Reading: trend, seasonality and the values out of the ordinary, each with its likely cause.",
            "4. Next step: the chart or KPI I would add to the dashboard to follow it.",
        ]),
        [("cdo", ReplyLanguage.Spanish)] = new("Gobierno del dato: comprobaciones",
        [
            "☐ Linaje: de qué sistemas viene el dato y qué informes dependen de él.",
            "☐ Calidad: completitud, frescura y reglas de validez de las tablas afectadas.",
            "☐ Catálogo: responsable y clasificación (personal, confidencial, pública) de cada conjunto de datos.",
            "☐ Coste: las consultas y el almacenamiento que más pesan en el almacén de datos.",
        ]),
        [("cdo", ReplyLanguage.English)] = new("Data governance: checks",
        [
            "☐ Lineage: which systems the data comes from, and which reports depend on it.",
            "☐ Quality: completeness, freshness and validity rules of the tables concerned.",
            "☐ Catalog: owner and classification (personal, confidential, public) of each dataset.",
            "☐ Cost: the queries and storage that weigh most on the data warehouse.",
        ]),
        [("cfo", ReplyLanguage.Spanish)] = new("Resumen para dirección financiera",
        [
            "Situación: lo pedido frente al presupuesto y al mismo periodo del año anterior.",
            "Desviaciones: las tres partidas que más explican la diferencia, con su causa.",
            "Tesorería: el efecto en la caja de las próximas 13 semanas.",
            "Riesgos: cobros o pagos que pueden retrasarse, y su importe.",
            "Decisión propuesta: qué aprobar, recortar o vigilar este mes.",
        ]),
        [("cfo", ReplyLanguage.English)] = new("Summary for the finance director",
        [
            "Position: what was asked, against the budget and the same period last year.",
            "Variances: the three lines that explain most of the difference, with their cause.",
            "Cash: the effect on the next 13 weeks of cash.",
            "Risks: receipts or payments that may slip, and how much they are.",
            "Proposed decision: what to approve, cut or watch this month.",
        ]),
        [("chro", ReplyLanguage.Spanish)] = new("Personas: plan de acción",
        [
            "1. Quién se ve afectado y qué necesita saber, por escrito.",
            "2. Pasos con responsable y fecha: Personas, responsable directo e IT.",
            "3. Accesos y equipos: altas o bajas en los sistemas, y entrega o recogida del portátil.",
            "4. Seguimiento: cómo se medirá (encuesta de clima, conversación a los 30 días).",
        ]),
        [("chro", ReplyLanguage.English)] = new("People: action plan",
        [
            "1. Who is affected and what they need to know, in writing.",
            "2. Steps with an owner and a date: People, the line manager and IT.",
            "3. Access and equipment: accounts opened or closed, and the laptop handed over or returned.",
            "4. Follow-up: how it will be measured (pulse survey, a conversation after 30 days).",
        ]),
        [("ciso", ReplyLanguage.Spanish)] = new("Seguridad: lista de comprobación",
        [
            "☐ Alcance: sistemas, cuentas y datos afectados.",
            "☐ Contención: bloquear remitentes o cuentas y revocar sesiones y tokens si hay sospecha.",
            "☐ Evidencias: cabeceras, registros y hora de cada hecho, sin reenviar el material sospechoso.",
            "☐ Corrección: parches o cambios de configuración, con ventana y responsable.",
            "☐ Aviso: a quién informar (DPO, dirección, afectados) y en qué plazo (72 h ante la autoridad si hay datos personales).",
        ]),
        [("ciso", ReplyLanguage.English)] = new("Security: checklist",
        [
            "☐ Scope: the systems, accounts and data affected.",
            "☐ Containment: block senders or accounts, and revoke sessions and tokens if in doubt.",
            "☐ Evidence: headers, logs and the time of each event, without forwarding the suspicious material.",
            "☐ Remediation: patches or configuration changes, with a window and an owner.",
            "☐ Notice: whom to tell (DPO, management, those affected) and by when (72 h to the authority if personal data is involved).",
        ]),
        [("cmo", ReplyLanguage.Spanish)] = new("Marketing: propuesta",
        [
            "Objetivo: qué paso del embudo debe moverse (visitas, leads, ventas) y cuánto.",
            "Público: el segmento y el mensaje principal, en una frase.",
            "Canales: dónde y con qué presupuesto, empezando por los que mejor convirtieron.",
            "Medición: UTM, periodo de comparación y cuándo revisar los resultados.",
        ]),
        [("cmo", ReplyLanguage.English)] = new("Marketing: proposal",
        [
            "Goal: which step of the funnel should move (visits, leads, sales), and by how much.",
            "Audience: the segment and the main message, in one sentence.",
            "Channels: where and with what budget, starting with those that converted best.",
            "Measurement: UTM tags, the period to compare with, and when to review the results.",
        ]),
        [("cto", ReplyLanguage.Spanish)] = new("Tecnología: análisis",
        [
            "1. Qué ha cambiado: despliegues, uso y configuración en el periodo.",
            "2. Impacto: coste, latencia o errores frente al SLO acordado.",
            "3. Causa probable, y cómo comprobarla.",
            "4. Acciones: el ahorro o la corrección inmediata, y la mejora de fondo con su responsable.",
        ]),
        [("cto", ReplyLanguage.English)] = new("Technology: analysis",
        [
            "1. What changed: deployments, usage and configuration in the period.",
            "2. Impact: cost, latency or errors against the agreed SLO.",
            "3. Likely cause, and how to confirm it.",
            "4. Actions: the immediate saving or fix, and the lasting improvement with its owner.",
        ]),
        [("legal", ReplyLanguage.Spanish)] = new("Legal: primera revisión",
        [
            "• Qué aplica: las cláusulas u obligaciones que afectan a la consulta.",
            "• Riesgos: responsabilidad, plazos, penalizaciones y protección de datos (RGPD).",
            "• Qué pedir o cambiar antes de firmar o actuar.",
            "Es una orientación: la decisión final es del equipo jurídico.",
        ]),
        [("legal", ReplyLanguage.English)] = new("Legal: first review",
        [
            "• What applies: the clauses or obligations that bear on the question.",
            "• Risks: liability, deadlines, penalties and data protection (GDPR).",
            "• What to ask for or change before signing or acting.",
            "This is guidance: the final decision is the legal team's.",
        ]),
        [("reception", ReplyLanguage.Spanish)] = new("Recepción: organizado",
        [
            "1. Lista de visitas con hora de llegada y persona que las recibe.",
            "2. Acreditaciones, y aviso a la seguridad del edificio.",
            "3. Sala, Wi-Fi de invitados y café.",
            "4. A quién derivar lo que no es de recepción.",
        ]),
        [("reception", ReplyLanguage.English)] = new("Front desk: organised",
        [
            "1. The visitor list with arrival times and who receives each visitor.",
            "2. Badges, and a note to building security.",
            "3. Room, guest Wi-Fi and coffee.",
            "4. Whom to route what is not the front desk's.",
        ]),
        [("research", ReplyLanguage.Spanish)] = new("Investigación: informe breve",
        [
            "Pregunta: lo que se quiere saber, acotado.",
            "Hallazgos: tres ideas principales, cada una con su fuente (informes sectoriales, documentación técnica, prensa).",
            "Confianza: alta, media o baja, y por qué.",
            "Lagunas: lo que no está claro y cómo averiguarlo.",
        ]),
        [("research", ReplyLanguage.English)] = new("Research: short brief",
        [
            "Question: what we want to know, narrowed down.",
            "Findings: three main points, each with its source (industry reports, technical documentation, press).",
            "Confidence: high, medium or low, and why.",
            "Gaps: what is unclear, and how to find out.",
        ]),
        [("support", ReplyLanguage.Spanish)] = new("Atención al cliente: respuesta propuesta",
        [
            "Borrador: «Gracias por escribirnos y disculpe las molestias. Hemos revisado su caso; le contamos qué ha pasado y cuándo quedará resuelto.»",
            "Clasificación: tipo de caso, prioridad y si necesita escalado.",
            "Siguiente paso: a quién se asigna y cuándo volvemos a contactar con el cliente.",
        ]),
        [("support", ReplyLanguage.English)] = new("Customer support: proposed reply",
        [
            "Draft: “Thank you for writing to us, and sorry for the trouble. We have looked into your case; here is what happened and when it "
            + "will be solved.”",
            "Triage: kind of case, priority, and whether it needs escalating.",
            "Next step: who it is assigned to, and when we get back to the customer.",
        ]),
        [("general", ReplyLanguage.Spanish)] = new("Respuesta",
        [
            "1. Lo que entiendo que se pide.",
            "2. Los pasos que seguiría, en orden.",
            "3. Lo que necesitaría saber para terminar.",
        ]),
        [("general", ReplyLanguage.English)] = new("Answer",
        [
            "1. What I understand is asked.",
            "2. The steps I would take, in order.",
            "3. What I would need to know to finish.",
        ]),
    };
}
