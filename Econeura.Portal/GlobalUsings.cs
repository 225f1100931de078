// Namespaces that nearly every feature of the portal uses: the domain, the features (as _Imports.razor gives them to the
// components), the document store, the job server and the portal's own plumbing.
global using Econeura.Domain.Agents;
global using Econeura.Domain.Common;
global using Econeura.Domain.Approvals;
global using Econeura.Domain.Dlp;
global using Econeura.Domain.Executions;
global using Econeura.Domain.FinOps;
global using Econeura.Portal.Features.Agents;
global using Econeura.Portal.Features.Approvals;
global using Econeura.Portal.Features.Dispatch;
global using Econeura.Portal.Features.Dlp;
global using Econeura.Portal.Features.Executions;
global using Econeura.Portal.Features.FinOps;
global using Econeura.Portal.Features.Identity;
global using Econeura.Portal.Features.Tenancy;
global using Econeura.Portal.Infrastructure;
global using Econeura.Portal.Infrastructure.Security;
global using Econeura.Portal.Infrastructure.Settings;
global using Hangfire;
global using Marten;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.Extensions.Options;
