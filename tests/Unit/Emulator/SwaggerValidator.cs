using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FalconX.Tests.Emulator;

/// <summary>
/// Checks JSON answers against the official 2023 swagger: every field must be declared (fields added since then are
/// looked up in the 2026 reconstruction), have the declared type, and required fields must be present. Both swaggers
/// are read from the in-repository contract (tests/Contract/falconx-api-contract.json, derived by
/// tools/Export-ApiContract.ps1): the paths, definitions and newerDefinitions the tests need, structure only.
/// The swagger's nested <c>falconx.MetaInfo {MetaInfo, quota}</c> is a generator artifact; real answers are flat
/// (msa.MetaInfo plus quota), so that is what is checked.
/// </summary>
internal sealed class SwaggerValidator
{
    private readonly JsonObject _swagger;
    private readonly JsonObject _definitions;
    private readonly JsonObject _newerDefinitions;

    public SwaggerValidator(string contractPath)
    {
        _swagger = JsonNode.Parse(File.ReadAllText(contractPath))!.AsObject();
        _definitions = _swagger["definitions"]!.AsObject();
        _newerDefinitions = _swagger["newerDefinitions"]!.AsObject();
    }

    /// <summary>The definition name the swagger gives for an operation's answer with this status.</summary>
    public string ResponseSchema(string method, string path, int status)
    {
        var response = _swagger["paths"]![path]?[method.ToLowerInvariant()]?["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? throw new InvalidOperationException($"The swagger has no {status} answer for {method} {path}.");
        var reference = response["schema"]?["$ref"]?.GetValue<string>() ?? throw new InvalidOperationException($"{method} {path} {status} has no schema.");
        return reference.Split('/')[^1];
    }

    /// <summary>Headers the swagger declares for an answer (e.g. X-CS-TRACEID).</summary>
    public IEnumerable<string> ResponseHeaders(string method, string path, int status) =>
        (_swagger["paths"]![path]?[method.ToLowerInvariant()]?["responses"]?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["headers"] as JsonObject)?
            .Select(h => h.Key) ?? [];

    /// <summary>All problems found, as "path: message"; empty when the document conforms.</summary>
    public List<string> Validate(JsonNode? document, string definition)
    {
        var problems = new List<string>();
        ValidateDefinition(document, definition, "$", problems);
        return problems;
    }

    private void ValidateDefinition(JsonNode? node, string definition, string at, List<string> problems)
    {
        if (node is null)
        {
            return;
        }

        if (definition is "falconx.MetaInfo" or "falconx.ErrorsOnly")
        {
            ValidateFlattenedMeta(node, definition, at, problems);
            return;
        }

        var schema = _definitions[definition]?.AsObject() ?? _newerDefinitions[definition]?.AsObject()
            ?? throw new InvalidOperationException($"No definition {definition}.");
        ValidateObject(node, definition, schema, at, problems);
    }

    private void ValidateFlattenedMeta(JsonNode node, string definition, string at, List<string> problems)
    {
        if (node is not JsonObject obj)
        {
            problems.Add($"{at}: expected an object ({definition})");
            return;
        }

        if (definition == "falconx.ErrorsOnly")
        {
            foreach (var (name, value) in obj)
            {
                switch (name)
                {
                    case "meta": ValidateFlattenedMeta(value!, "falconx.MetaInfo", at + ".meta", problems); break;
                    case "errors": ValidateValue(value, _definitions["falconx.ErrorsOnly"]!["properties"]!["errors"]!.AsObject(), at + ".errors", problems); break;
                    case "resources": ValidateValue(value, new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }, at + ".resources", problems); break;
                    default: problems.Add($"{at}.{name}: not declared in {definition}"); break;
                }
            }

            return;
        }

        var quota = obj["quota"];
        var rest = obj.DeepClone().AsObject();
        rest.Remove("quota");
        ValidateDefinition(rest, "msa.MetaInfo", at, problems);
        if (quota is not null)
        {
            ValidateDefinition(quota, "falconx.Quota", at + ".quota", problems);
        }
    }

    private void ValidateObject(JsonNode node, string definition, JsonObject schema, string at, List<string> problems)
    {
        if (node is not JsonObject obj)
        {
            problems.Add($"{at}: expected an object ({definition}), got {node.GetValueKind()}");
            return;
        }

        var properties = schema["properties"]?.AsObject() ?? new JsonObject();
        var newer = _newerDefinitions[definition]?["properties"]?.AsObject();
        foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            if (!obj.ContainsKey(required))
            {
                problems.Add($"{at}.{required}: required by {definition} but missing");
            }
        }

        foreach (var (name, value) in obj)
        {
            var propertySchema = properties[name]?.AsObject() ?? newer?[name]?.AsObject();
            if (propertySchema is null && definition == "msa.MetaInfo" && name == "quota")
            {
                // Captured falconx query answers carry meta.quota although the swagger types their meta as msa.MetaInfo
                // (FALCONX-API.md §9); the sample routes must not, which the sample tests check.
                propertySchema = new JsonObject { ["$ref"] = "#/definitions/falconx.Quota" };
            }

            if (propertySchema is null)
            {
                problems.Add($"{at}.{name}: not declared in {definition}");
                continue;
            }

            ValidateValue(value, propertySchema, $"{at}.{name}", problems);
        }
    }

    private void ValidateValue(JsonNode? value, JsonObject schema, string at, List<string> problems)
    {
        if (value is null)
        {
            return;
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            ValidateDefinition(value, reference.Split('/')[^1], at, problems);
            return;
        }

        var type = schema["type"]?.GetValue<string>();
        var kind = value.GetValueKind();
        switch (type)
        {
            case "string" when kind != JsonValueKind.String:
            case "boolean" when kind is not (JsonValueKind.True or JsonValueKind.False):
            case "number" when kind != JsonValueKind.Number:
            case "object" when kind != JsonValueKind.Object:
                problems.Add($"{at}: expected {type}, got {kind}");
                break;
            case "integer" when kind != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out _):
                problems.Add($"{at}: expected integer, got {value.ToJsonString()}");
                break;
            case "array" when kind != JsonValueKind.Array:
                problems.Add($"{at}: expected array, got {kind}");
                break;
            case "array":
                var index = 0;
                foreach (var item in value.AsArray())
                {
                    ValidateValue(item, schema["items"]!.AsObject(), $"{at}[{index++}]", problems);
                }

                break;
            default:
                break;
        }
    }
}
