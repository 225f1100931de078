using Econeura.Portal.Infrastructure.LiveUpdates;
using Econeura.Portal.Features.Agents;
using Econeura.Portal.Features.Conversations;
using Econeura.Portal.Features.Approvals;
using Econeura.Portal.Features.Dispatch;
using Econeura.Portal.Features.Dlp;
using Econeura.Portal.Features.Executions;
using Econeura.Portal.Features.FinOps;
using Econeura.Portal.Features.Identity;
using Econeura.Portal.Features.Notifications;
using Econeura.Portal.Features.Search;
using Econeura.Portal.Features.Tenancy;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.AddTelemetry();
builder.AddOperations();
builder.AddPersistence();
builder.AddLiveUpdates();
builder.AddVersionedSettings();
builder.AddBackgroundJobs();
builder.AddIdentity();
builder.AddTenancy();
builder.AddPortalUi();
builder.AddUsageLimits();
builder.AddSearch();
builder.AddAgents();
builder.AddDlp();
builder.AddDispatch();
builder.AddExecutions();
builder.AddApprovals();
builder.AddConversations();
builder.AddFinOps();
builder.AddCostCentres();
builder.AddNotifications();

var app = builder.Build();

app.UsePortalPipeline();
app.MapIdentity();
app.MapTenancy();
app.MapAgents();
app.MapDlp();
app.MapDispatch();
app.MapExecutions();
app.MapInvokeGateway();
app.MapApprovals();
app.MapConversations();
app.MapFinOps();
app.MapCostCentres();
app.MapNotifications();
app.MapOperations();
app.MapPortalUi();

app.Run();

public partial class Program;
