using Hangfire;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddApplicationInsightsTelemetry(options =>
{
    options.EnableAdaptiveSampling = false;
});
builder.Services.AddFeatureManagement();
builder.Services.AddHangfire(c => c.UseSqlServerStorage(builder.Configuration.GetConnectionString("Default")));
builder.Services.AddHangfireServer();
builder.Services.AddSmsSender(builder.Configuration.GetSection("Sms"));

var app = builder.Build();

var jobs = builder.Configuration.GetSection("Jobs");
foreach (var job in jobs.GetChildren())
{
    if (job.GetValue<bool>("Enabled"))
    {
        RecurringJob.AddOrUpdate(job.Key, () => JobRunner.Run(job.Key), job.GetValue<string>("Cron"));
    }
}

app.MapControllers();
app.Run();
