using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Econeura.Portal.Infrastructure;

/// <summary>
/// The one way enums cross JSON: written by their member names, read by a defined member's name only, as
/// <see cref="EnumNames"/> reads text. <c>JsonStringEnumConverter</c> also read comma lists ("Medium, High") into values
/// no member has, which stored an agent rated 3 that then ran without approval.
/// </summary>
public sealed class EnumNameConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Names<>).MakeGenericType(typeToConvert))!;

    private sealed class Names<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && EnumNames.TryParse<T>(reader.GetString(), out var value) ? value
                : throw new EnumNameException(typeof(T));

        public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            EnumNames.TryParse<T>(reader.GetString(), out var value) ? value : throw new EnumNameException(typeof(T));

        // A value no member has, stored before this rule, is written as its number: reading it never fails, and it cannot be sent back.
        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (Enum.IsDefined(value)) writer.WriteStringValue(value.ToString());
            else writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WritePropertyName(Enum.IsDefined(value) ? value.ToString() : Convert.ToInt64(value,
                CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
    }
}

/// <summary>A JSON value that is not one of an enum's names; its message lists them and never repeats what was sent.</summary>
public sealed class EnumNameException(Type enumType)
    : JsonException($"One of: {string.Join(", ", Enum.GetNames(enumType).Select(JsonNamingPolicy.CamelCase.ConvertName))}.");
