using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace HaiDuong.Agri.Api.Infrastructure.Http;

/// <summary>
/// One JSON shape for the API and the event store: camelCase, enums as kebab-case strings,
/// dates <c>yyyy-MM-dd</c>, moments ISO-8601 UTC. Unreadable values raise <see cref="JsonException"/>
/// so they answer 400 naming the field, never 500.
/// </summary>
public static class AgriJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Add(new KebabCaseEnumConverter());
        options.Converters.Add(new LocalDateConverter());
        options.Converters.Add(new InstantConverter());
    }

    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        return options;
    }

    /// <summary>Enums as kebab-case strings; an unknown value names the allowed ones (numbers are not accepted).</summary>
    private sealed class KebabCaseEnumConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(EnumConverter<>).MakeGenericType(typeToConvert))!;

        private sealed class EnumConverter<T> : JsonConverter<T>
            where T : struct, Enum
        {
            private static readonly Dictionary<string, T> Values = Enum.GetValues<T>()
                .ToDictionary(v => JsonNamingPolicy.KebabCaseLower.ConvertName(v.ToString()), StringComparer.OrdinalIgnoreCase);

            private static readonly Dictionary<T, string> Names = Values.ToDictionary(v => v.Value, v => v.Key);

            public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                reader.TokenType == JsonTokenType.String && Values.TryGetValue(reader.GetString()!, out var value)
                    ? value
                    : throw new JsonException($"Must be one of: {string.Join(", ", Names.Values)}.");

            public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
                writer.WriteStringValue(Names.TryGetValue(value, out var name) ? name : value.ToString());
        }
    }

    private sealed class LocalDateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var parsed = text is null ? null : LocalDatePattern.Iso.Parse(text);
            return parsed is { Success: true }
                ? parsed.Value
                : throw new JsonException("Expected a calendar date written yyyy-MM-dd, such as \"2026-05-07\".");
        }

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options) =>
            writer.WriteStringValue(LocalDatePattern.Iso.Format(value));
    }

    private sealed class InstantConverter : JsonConverter<Instant>
    {
        public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            var parsed = text is null ? null : OffsetDateTimePattern.ExtendedIso.Parse(text);
            if (parsed is { Success: true } && parsed.Value.Year is > 1 and < 9999)
            {
                return parsed.Value.ToInstant();
            }

            var utc = text is null ? null : InstantPattern.ExtendedIso.Parse(text);
            return utc is { Success: true }
                ? utc.Value
                : throw new JsonException("Expected a moment in ISO-8601 with a zone, such as \"2026-05-07T01:02:03Z\".");
        }

        public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options) =>
            writer.WriteStringValue(InstantPattern.ExtendedIso.Format(value));
    }
}
