using HaiDuong.Agri.Api.Infrastructure.Http;
using Marten;

namespace HaiDuong.Agri.Api.Infrastructure.Modules;

/// <summary>
/// One feature folder as the app sees it: its streams, read models and tables, its services, the problems its unique
/// constraints stand for, and its routes. <see cref="AgriModules.All"/> lists them; adding a module is a folder and a line.
/// </summary>
public interface IAgriModule
{
    /// <summary>Event type names, projections, documents and indexes of the module (also used by tools that write to the store).</summary>
    void ConfigureStore(StoreOptions opts)
    {
    }

    /// <summary>The module's services and settings; <paramref name="marten"/> takes subscriptions that need services.</summary>
    void AddServices(IServiceCollection services, IConfiguration configuration, MartenServiceCollectionExtensions.MartenConfigurationExpression marten)
    {
    }

    void MapEndpoints(IEndpointRouteBuilder app)
    {
    }

    /// <summary>The 409 a racing write into one of the module's unique constraints answers, or null if the constraint is not the module's.</summary>
    ProblemException? ConstraintProblem(string constraintName) => null;
}
