var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPostgresConnector();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapPostgresConnector();

app.Run();
