using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace AttunementBot.Storage;

/// <summary>
/// How bot state is written to and read from the database. Bot Builder state is a bag of
/// objects, so the JSON carries type names (as Bot Builder's own storages do); the binder only
/// lets types from this bot, Bot Builder and the base library back in, so a tampered row
/// cannot make the bot instantiate arbitrary types.
/// </summary>
public static class StateJson
{
    public static JsonSerializerSettings Settings { get; } = new()
    {
        TypeNameHandling = TypeNameHandling.All,
        SerializationBinder = new AllowListBinder(),
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
        MaxDepth = 64,
        DateParseHandling = DateParseHandling.DateTimeOffset,
    };

    public static string Serialize(object value) => JsonConvert.SerializeObject(value, Settings);

    public static object? Deserialize(string json) => JsonConvert.DeserializeObject(json, Settings);

    private sealed class AllowListBinder : ISerializationBinder
    {
        private static readonly string[] AllowedAssemblyPrefixes =
        [
            "AttunementBot",
            "Microsoft.Bot.",
            "System.Private.CoreLib",
            "System.Collections",
            "System.Text.Json",
            "Newtonsoft.Json",
            "mscorlib",
        ];

        private readonly DefaultSerializationBinder _inner = new();

        public Type BindToType(string? assemblyName, string typeName)
        {
            if (assemblyName is not null && !AllowedAssemblyPrefixes.Any(p => assemblyName.StartsWith(p, StringComparison.Ordinal)))
            {
                throw new JsonSerializationException($"Type from assembly '{assemblyName}' is not allowed in bot state.");
            }

            return _inner.BindToType(assemblyName, typeName);
        }

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName) =>
            _inner.BindToName(serializedType, out assemblyName, out typeName);
    }
}
