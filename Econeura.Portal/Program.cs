using Econeura.Portal.Infrastructure.LiveUpdates;

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
builder.AddAgents();
builder.AddDlp();
builder.AddDispatch();
builder.AddExecutions();
builder.AddApprovals();
builder.AddFinOps();
builder.AddCostCentres();

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
app.MapFinOps();
app.MapCostCentres();
app.MapOperations();
app.MapPortalUi();

app.Run();

public partial class Program;
