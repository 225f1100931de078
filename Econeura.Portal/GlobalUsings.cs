// Namespaces that nearly every feature of the portal uses: the domain, the document store and the portal's own plumbing.
global using Econeura.Domain.Agents;
global using Econeura.Domain.Common;
global using Econeura.Domain.Approvals;
global using Econeura.Domain.Dlp;
global using Econeura.Domain.Executions;
global using Econeura.Domain.FinOps;
global using Econeura.Portal.Infrastructure;
global using Econeura.Portal.Infrastructure.Security;
global using Econeura.Portal.Infrastructure.Settings;
global using Marten;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.Extensions.Options;
