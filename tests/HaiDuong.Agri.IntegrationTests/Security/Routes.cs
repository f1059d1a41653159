using System.Net;
using System.Text.Json.Nodes;
using HaiDuong.Agri.IntegrationTests.Infrastructure;

namespace HaiDuong.Agri.IntegrationTests.Security;

/// <summary>The roles that call the API, plus "no key" for anonymous callers.</summary>
[Flags]
public enum Roles
{
    None = 0,
    Admin = 1,
    Cooperative = 2,
    Household = 4,
    Auditor = 8,
    Marketplace = 16,

    /// <summary>Anyone, with or without a key (public trace pages).</summary>
    Public = 32,

    /// <summary>Anyone, with or without a key, reaches the handler; the body decides (signing in).</summary>
    Open = 64,

    /// <summary>The province's officials: statistics and their exports, read-only.</summary>
    Official = 128,
    AnyKey = Admin | Cooperative | Household | Auditor | Marketplace | Official,
}

/// <summary>
/// Who may call each operation, from API.md ("Access" and the route tables) and README.md ("Routes that exist now").
/// Every operation of the app's OpenAPI document must be listed here; a new route fails the matrix until classified.
/// "Cooperative" and "Household" mean the owner's own keys: the object's cooperative and household; an auditor is
/// one of the body that inspected and certified the home farm.
/// </summary>
public static class Routes
{
    private const Roles A = Roles.Admin;
    private const Roles C = Roles.Cooperative;
    private const Roles H = Roles.Household;
    private const Roles U = Roles.Auditor;
    private const Roles M = Roles.Marketplace;
    private const Roles O = Roles.Official;

    public static readonly IReadOnlyDictionary<string, Roles> Allowed = new Dictionary<string, Roles>(StringComparer.Ordinal)
    {
        // Access
        ["POST /api/v1/api-keys"] = A,
        ["DELETE /api/v1/api-keys/{id}"] = A,

        // Registry
        ["POST /api/v1/cooperatives"] = A,
        ["GET /api/v1/cooperatives"] = A | C,
        ["GET /api/v1/cooperatives/{id}"] = A | C,
        ["POST /api/v1/households"] = A | C,
        ["GET /api/v1/households"] = A | C | H,
        ["GET /api/v1/households/{id}"] = A | C | H,
        ["POST /api/v1/households/{id}/training"] = A | C,
        ["GET /api/v1/households/{id}/onboarding"] = A | C | H,
        ["POST /api/v1/growing-areas"] = A | C | H,
        ["GET /api/v1/growing-areas/{id}"] = A | C | H,
        ["GET /api/v1/households/{id}/growing-areas"] = A | C | H,

        // Administrative-units register: anyone with a key reads it, only an admin edits it
        ["POST /api/v1/regions"] = A,
        ["GET /api/v1/regions/{provinceCode}"] = Roles.AnyKey,
        ["GET /api/v1/regions/{provinceCode}/communes"] = Roles.AnyKey,
        ["POST /api/v1/regions/{provinceCode}/communes"] = A,
        ["GET /api/v1/regions/{provinceCode}/communes/{communeCode}"] = Roles.AnyKey,
        ["POST /api/v1/regions/{provinceCode}/communes/{communeCode}/name"] = A,
        ["POST /api/v1/regions/{provinceCode}/communes/{communeCode}/retirement"] = A,

        // Browser sessions
        ["POST /api/v1/sessions"] = Roles.Open,
        ["GET /api/v1/sessions/current"] = Roles.AnyKey,
        ["DELETE /api/v1/sessions/current"] = Roles.AnyKey,
        ["POST /api/v1/households/{id}/sign-in-codes"] = A | C,
        ["GET /api/v1/households/{id}/sign-in-codes/{codeId}/card.pdf"] = A | C,
        ["GET /api/v1/households/{id}/sessions"] = A | C | H,
        ["DELETE /api/v1/households/{id}/sessions/{sessionId}"] = A | C | H,

        // Batches
        ["POST /api/v1/batches"] = A | C | H,
        ["GET /api/v1/batches"] = A | C | H,
        ["POST /api/v1/batches/{id}/planting"] = A | C | H,
        ["POST /api/v1/batches/{id}/inputs"] = A | C | H,
        ["POST /api/v1/batches/{id}/activities"] = A | C | H,
        ["POST /api/v1/batches/{id}/harvests"] = A | C | H,
        ["POST /api/v1/batches/{id}/steps:bulk"] = A | C | H,
        ["POST /api/v1/batches/{id}/close"] = A | C | H,
        ["GET /api/v1/batches/{id}"] = A | C | H,
        ["GET /api/v1/batches/{id}/timeline"] = A | C | H,
        ["GET /api/v1/households/{id}/batches"] = A | C | H,
        ["GET /api/v1/inputs"] = Roles.AnyKey,

        // Certification
        ["POST /api/v1/certification-bodies"] = A,
        ["GET /api/v1/certification-bodies/{id}"] = A | U,
        ["GET /api/v1/certification/schemes/{scheme}/checklist"] = Roles.AnyKey,
        ["POST /api/v1/certification/inspections"] = U,
        ["GET /api/v1/certification/inspections/{id}"] = A | U | C | H,
        ["POST /api/v1/certificates"] = U,
        ["GET /api/v1/certificates/{id}"] = A | U | C | H,
        ["POST /api/v1/certificates/{id}/suspension"] = U,
        ["POST /api/v1/certificates/{id}/reinstatement"] = U,
        ["GET /api/v1/growing-areas/{id}/certificates"] = A | U | C | H,

        // Compliance: growing-area and packing-house codes, their standing per market
        ["POST /api/v1/growing-areas/{id}/codes"] = A | C | H,
        ["GET /api/v1/growing-areas/{id}/codes"] = A | U | C | H,
        ["POST /api/v1/cooperatives/{id}/codes"] = A | C,
        ["GET /api/v1/cooperatives/{id}/codes"] = A | U | C,
        ["GET /api/v1/codes/{id}"] = A | U | C | H,
        ["POST /api/v1/codes/{id}/markets/{market}/approval"] = A | U,
        ["POST /api/v1/codes/{id}/markets/{market}/suspension"] = A | U,
        ["POST /api/v1/codes/{id}/markets/{market}/reinstatement"] = A | U,
        ["GET /api/v1/markets/{market}/rules"] = Roles.AnyKey,
        ["GET /api/v1/growing-areas/{id}/yield-check"] = A | U | C | H,
        ["POST /api/v1/batches/{id}/market-rule-overrides"] = U,

        // Lots, stamps, labels, exports
        ["POST /api/v1/lots"] = A | C | H,
        ["GET /api/v1/lots"] = A | C | H,
        ["GET /api/v1/lots/{id}"] = A | C | H,
        ["POST /api/v1/lots/{id}/stamps"] = A | C | H,
        ["GET /api/v1/lots/{id}/stamps"] = A | C | H,
        ["GET /api/v1/lots/{id}/labels.pdf"] = A | C | H,
        ["POST /api/v1/lots/{id}/recall"] = A | C,
        ["GET /api/v1/lots/{id}/epcis"] = A | C | H,
        ["POST /api/v1/stamps/{serial}/void"] = A | C | H,
        ["GET /api/v1/stamps/{serial}/qr.png"] = A | C | H,
        ["GET /api/v1/stamps/{serial}/qr.svg"] = A | C | H,
        ["GET /api/v1/exports/fsma204.csv"] = A | C,

        // Public trace
        ["GET /01/{gtin}/10/{lot}/21/{serial}"] = Roles.Public,
        ["HEAD /01/{gtin}/10/{lot}/21/{serial}"] = Roles.Public,
        ["GET /01/{gtin}/10/{lot}"] = Roles.Public,
        ["HEAD /01/{gtin}/10/{lot}"] = Roles.Public,
        ["GET /01/{gtin}"] = Roles.Public,
        ["HEAD /01/{gtin}"] = Roles.Public,

        // Anyone; the answer is a redirect to the stamp's full path (or the unknown-code answer), not a page.
        ["GET /01/{gtin}/21/{serial}"] = Roles.Open,
        ["HEAD /01/{gtin}/21/{serial}"] = Roles.Open,

        // Listings and marketplaces
        ["POST /api/v1/listings"] = C | H,
        ["GET /api/v1/listings"] = A | C | H,
        ["GET /api/v1/listings/{id}"] = C | H,
        ["POST /api/v1/listings/{id}/price"] = C | H,
        ["POST /api/v1/listings/{id}/stock"] = C | H,
        ["POST /api/v1/listings/{id}/delist"] = C | H,
        ["POST /api/v1/households/{id}/marketplace-accounts"] = A | C | H,
        ["GET /api/v1/households/{id}/marketplace-accounts"] = A | C | H,
        ["POST /api/v1/cooperatives/{id}/marketplace-accounts"] = A | C,
        ["GET /api/v1/cooperatives/{id}/marketplace-accounts"] = A | C,
        ["GET /api/v1/marketplace-sync/dead-letters"] = A,
        ["POST /api/v1/marketplace-sync/dead-letters/{id}/replay"] = A | C,
        ["POST /api/v1/marketplace/orders"] = M,
        ["GET /api/v1/orders"] = A | C | H,
        ["GET /api/v1/marketplace/orders"] = A | C | H,
        ["GET /api/v1/marketplace/orders/{id}"] = A | C | H,
        ["GET /feeds/listings.json"] = M | A,
        ["GET /feeds/google-merchant.xml"] = M | A,
        ["GET /feeds/google-merchant.tsv"] = M | A,
        ["GET /feeds/meta.csv"] = M | A,

        // Onboarding and statistics
        ["GET /api/v1/stats"] = A | O,
        ["GET /api/v1/stats/communes.csv"] = A | O,
        ["GET /api/v1/stats/funnel.csv"] = A | O,
        ["GET /api/v1/stats/transactions.csv"] = A | O,
        ["GET /api/v1/stats/scans.csv"] = A | O,
        ["GET /api/v1/stats/certificates.csv"] = A | O,

        // Operations
        ["GET /api/v1/admin/daemon"] = A,
        ["POST /api/v1/admin/daemon/restart"] = A,
    };

    /// <summary>
    /// The app's web pages, which the OpenAPI document leaves out (HTML for people, not API operations), with who may open
    /// them: a page for signed-in roles sends a browser without a session to the sign-in page and shows any other role a
    /// 403 page. Every route the document excludes must be listed here, in <see cref="DeskPages"/> or in <see cref="OutsideTheDocument"/>.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Roles> Pages = new Dictionary<string, Roles>(StringComparer.Ordinal)
    {
        // The province dashboard and its stylesheet
        ["GET /dashboard"] = A | O,
        ["GET /dashboard/dashboard.css"] = Roles.Public,
        ["POST /dashboard/sign-out"] = A | O,

        // The resolver's landing page (type a damaged label's code)
        ["GET /"] = Roles.Public,
    };

    /// <summary>Routes the document leaves out that are no page (operations: health, metrics).</summary>
    public static readonly IReadOnlySet<string> OutsideTheDocument = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>
    /// The server-rendered pages and their form actions, which the OpenAPI document leaves out: every route of the app under
    /// <c>/desk</c> and <c>/sign-in</c> must be listed here (DeskSecurityTests fails on one that is not). The desk is the
    /// cooperative's alone: any other role's session gets 403 on every page and form action, a session of another
    /// cooperative gets 404 for the home cooperative's objects, and no session is sent to the sign-in page.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Roles> DeskPages = new Dictionary<string, Roles>(StringComparer.Ordinal)
    {
        ["GET /sign-in"] = Roles.Public,
        ["POST /sign-in"] = Roles.Open,
        ["GET /desk/desk.css"] = Roles.Public,
        ["GET /desk/desk.js"] = Roles.Public,
        ["GET /desk/"] = C,
        ["POST /desk/sign-out"] = C,
        ["GET /desk/members"] = C,
        ["POST /desk/members"] = C,
        ["POST /desk/members/{id:guid}/sign-in-card"] = C,
        ["GET /desk/harvests"] = C,
        ["POST /desk/harvests/{id:guid}/lots"] = C,
        ["POST /desk/lots/{id:guid}/stamps"] = C,
        ["GET /desk/listings"] = C,
        ["POST /desk/listings/{id:guid}/price"] = C,
        ["POST /desk/listings/{id:guid}/stock"] = C,
        ["POST /desk/dead-letters/{id:guid}/replay"] = C,
        ["GET /desk/orders"] = C,
    };

    /// <summary>Query strings that make an otherwise valid call (so an allowed GET can be held to 2xx).</summary>
    public static readonly IReadOnlyDictionary<string, string> ValidQuery = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GET /api/v1/exports/fsma204.csv"] = "?from=2026-01-01&to=2026-07-01",
    };

    /// <summary>One operation of the OpenAPI document.</summary>
    public sealed record Operation(string Method, string Path, JsonObject Spec)
    {
        public string Key => $"{Method} {Path}";

        public bool HasJsonBody => Spec["requestBody"]?["content"]?["application/json"] is not null;

        public IEnumerable<string> QueryParameters =>
            (Spec["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!["name"]!.GetValue<string>());

        public bool HasPathParameters => Path.Contains('{', StringComparison.Ordinal);
    }

    /// <summary>Reads first, then commands, then the commands that end something (recall, close, void, delist, revoke).</summary>
    public static int Phase(Operation operation) =>
        operation.Method is "GET" or "HEAD" ? 0
        : operation.Method == "DELETE" || new[] { "/recall", "/close", "/void", "/delist" }.Any(d => operation.Path.Contains(d, StringComparison.Ordinal)) ? 2
        : 1;

    public static async Task<(JsonObject Document, List<Operation> Operations)> FromOpenApiAsync(AgriApp app)
    {
        var document = (await (await app.Anonymous().GetAsync("/openapi/v1.json")).Expect(HttpStatusCode.OK)).AsObject();
        var operations = new List<Operation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, spec) in item!.AsObject())
            {
                if (spec is JsonObject op && method is "get" or "post" or "put" or "patch" or "delete" or "head")
                {
                    operations.Add(new Operation(method.ToUpperInvariant(), path, op));
                }
            }
        }

        return (document, operations);
    }
}
