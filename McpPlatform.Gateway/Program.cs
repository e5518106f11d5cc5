var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMcpGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapMcpGateway();

app.Run();
