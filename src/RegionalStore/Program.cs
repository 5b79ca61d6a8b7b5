using RegionalStore;

var builder = WebApplication.CreateBuilder(args);
builder.AddRegionalStore();

var app = builder.Build();
app.MapRegionalStore();
app.Run();
