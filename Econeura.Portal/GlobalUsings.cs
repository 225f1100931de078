// Namespaces that every feature may use: the domain's common types, the document store, the job server and the portal's
// own plumbing. A feature's namespace is never global: each file names the features it uses, so the dependencies between
// features show (tests/Econeura.Portal.Tests/Architecture/FeatureDependencyTests.cs keeps them free of cycles).
global using Econeura.Domain.Common;
global using Econeura.Portal.Infrastructure;
global using Econeura.Portal.Infrastructure.Security;
global using Econeura.Portal.Infrastructure.Settings;
global using Hangfire;
global using Marten;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.Extensions.Options;
