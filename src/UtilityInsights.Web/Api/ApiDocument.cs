using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace UtilityInsights.Web.Api;

/// <summary>The OpenAPI document's title and description, and the API-key scheme every operation requires.</summary>
internal sealed class ApiDocument : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Info = new OpenApiInfo
        {
            Title = "UtilityInsights integration API",
            Version = "v1",
            Description = "For a utility's other systems (customer information, meter data management, payment processing): bills and their statements, " +
                "balances and ledgers, bill-run status and tariffs to read; payments and meter reads to post. Every call sends an API key in X-Api-Key " +
                "(made with `utility-insights api keys add --name NAME --scope read|write`). Errors are RFC 9457 problem details.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.Header,
            Description = "An API key: read scope for GET, write scope for POST.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }
}
