using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using global::Marten;
using global::Marten.Linq.Members;
using NodaTime;
using NpgsqlTypes;
using Weasel.Postgresql;

namespace HaiDuong.Agri.Api.Infrastructure.Marten;

/// <summary>
/// Lets LINQ queries filter and sort on NodaTime members of documents: a <see cref="LocalDate"/> is queried like a
/// <see cref="DateOnly"/> (a <c>date</c>), an <see cref="Instant"/> like a <see cref="DateTimeOffset"/> (a <c>timestamptz</c>).
/// Parameters are written by Npgsql's NodaTime plugin on the store's data source.
/// </summary>
public sealed class NodaTimeMemberSource : IMemberSource
{
    public static void Register(StoreOptions options)
    {
        PostgresqlProvider.Instance.RegisterMapping(typeof(LocalDate), "date", NpgsqlDbType.Date);
        PostgresqlProvider.Instance.RegisterMapping(typeof(Instant), "timestamp with time zone", NpgsqlDbType.TimestampTz);
        options.Linq.MemberSources.Insert(0, new NodaTimeMemberSource());
    }

    public bool TryResolve(IQueryableMember parent, StoreOptions options, MemberInfo memberInfo, Type memberType, [NotNullWhen(true)] out IQueryableMember? member)
    {
        var type = Nullable.GetUnderlyingType(memberType) ?? memberType;
        var casing = options.Serializer().Casing;
        member = type == typeof(LocalDate) ? new DateOnlyMember(options, parent, casing, memberInfo)
            : type == typeof(Instant) ? new InstantMember(options, parent, casing, memberInfo)
            : null;
        return member is not null;
    }
}

/// <summary>An <see cref="Instant"/> member: compared as the <c>timestamptz</c> it is stored as.</summary>
internal sealed class InstantMember(StoreOptions options, IQueryableMember parent, Weasel.Core.Casing casing, MemberInfo member)
    : DateTimeOffsetMember(options, parent, casing, member)
{
    public override Weasel.Postgresql.SqlGeneration.ISqlFragment CreateComparison(string op, System.Linq.Expressions.ConstantExpression constant) =>
        base.CreateComparison(op, constant.Value is Instant instant
            ? System.Linq.Expressions.Expression.Constant(instant.ToDateTimeOffset())
            : constant);
}
