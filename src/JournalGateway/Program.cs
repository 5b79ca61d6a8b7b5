using JournalGateway.Access;
using JournalGateway.AccessLog;
using JournalGateway.Adapters.Cosmic;
using JournalGateway.Auth;
using JournalGateway.Delivery;
using JournalGateway.Fhir;
using JournalGateway.Hosting;
using JournalGateway.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.AddGatewayDefaults();
builder.AddGatewayAuthentication();
builder.AddFhirApi();
builder.AddAccessRules();
builder.AddNoteDelivery();
builder.Services.AddGatewayStorage(builder.Configuration).AddStorageTracing();
builder.Services.AddCosmicAdapter(builder.Configuration);

var app = builder.Build();

app.UseGatewayDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.MapDevTokenEndpoint();
app.MapFhirApi();
app.MapAccessLogAdmin();
app.MapUsageAdmin();
app.MapDeliveriesAdmin();

app.Run();
