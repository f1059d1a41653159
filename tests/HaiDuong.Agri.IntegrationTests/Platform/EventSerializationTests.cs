using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using FluentAssertions;
using HaiDuong.Agri.IntegrationTests.Infrastructure;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace HaiDuong.Agri.IntegrationTests.Platform;

/// <summary>
/// Every event type the store knows survives a round trip through the store's own serializer with every member filled
/// (and once more with every optional member null): what is written is what a later read, replay or rebuild gets back.
/// </summary>
public sealed class EventSerializationTests(AgriApp app) : IClassFixture<AgriApp>
{
    [Fact]
    public void Every_event_type_round_trips_through_the_stores_serializer()
    {
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var serializer = store.Options.Serializer();
        // Marten lists its event mappings through a member it does not document: read it by name.
        var mappings = (IEnumerable)store.Options.Events.GetType()
            .GetMethod("AllEvents", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!
            .Invoke(store.Options.Events, null)!;
        // Our events are the domain's records; Marten may also list types it met elsewhere (projection documents).
        var types = mappings.Cast<object>().Select(m => (Type)m.GetType().GetProperty("DocumentType")!.GetValue(m)!)
            .Where(t => t.Assembly == typeof(Domain.Batches.BatchStarted).Assembly)
            .Distinct()
            .ToList();
        types.Should().HaveCountGreaterThan(30);
        foreach (var type in types)
        {
            foreach (var withNulls in new[] { false, true })
            {
                var original = Build(type, withNulls, depth: 0)!;
                var json = serializer.ToJson(original);
                var back = serializer.FromJson(type, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
                serializer.ToJson(back).Should().Be(json, $"{type.Name} must read back as it was written");
                foreach (var parameter in type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => Camel(p.Name!)).Distinct())
                {
                    json.Should().Contain($"\"{parameter}\":", $"{type.Name}.{parameter} must be written");
                }
            }
        }
    }

    /// <summary>A value of <paramref name="type"/> with every member set (or optional ones null), built through its constructor.</summary>
    private static object? Build(Type type, bool withNulls, int depth)
    {
        var nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null)
        {
            return withNulls ? null : Build(nullable, withNulls, depth);
        }

        if (type == typeof(string))
        {
            return "Vải thiều \"Thanh Hà\" <1> & ẩm";
        }

        if (type == typeof(Guid))
        {
            return Guid.Parse("0190a1b2-0000-7000-8000-0000000000aa");
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(decimal) || type == typeof(double))
        {
            return Convert.ChangeType(7, type, System.Globalization.CultureInfo.InvariantCulture);
        }

        if (type == typeof(bool))
        {
            return true;
        }

        if (type == typeof(LocalDate))
        {
            return new LocalDate(2026, 6, 3);
        }

        if (type == typeof(Instant))
        {
            return Instant.FromUtc(2026, 6, 3, 1, 2, 3).PlusNanoseconds(456_000);
        }

        if (type.IsEnum)
        {
            return Enum.GetValues(type).GetValue(Enum.GetValues(type).Length - 1);
        }

        var element = type.IsArray ? type.GetElementType()
            : type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;
        if (element is not null)
        {
            var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            list.Add(Build(element, withNulls: false, depth + 1));
            return type.IsArray ? list.GetType().GetMethod("ToArray")!.Invoke(list, null)
                : type.GetGenericTypeDefinition() == typeof(ImmutableList<>) ? typeof(ImmutableList).GetMethod("CreateRange")!.MakeGenericMethod(element).Invoke(null, [list])
                : list;
        }

        depth.Should().BeLessThan(5, $"{type.Name} nests too deeply to build");
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => Build(p.ParameterType, withNulls && IsOptional(p), depth + 1)).ToArray();
        var value = constructor.Invoke(arguments);
        foreach (var property in type.GetProperties().Where(p => p.SetMethod is { IsPublic: true } && constructor.GetParameters().All(c => !string.Equals(c.Name, p.Name, StringComparison.OrdinalIgnoreCase))))
        {
            property.SetValue(value, Build(property.PropertyType, withNulls, depth + 1));
        }

        return value;
    }

    private static bool IsOptional(ParameterInfo parameter) =>
        Nullable.GetUnderlyingType(parameter.ParameterType) is not null
        || new NullabilityInfoContext().Create(parameter).WriteState == NullabilityState.Nullable;

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
