using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ogiri.Infra;

/// <summary>One IAM statement. <paramref name="Condition"/> is operator → key → values.</summary>
public sealed record PolicyStatement(
    string Sid,
    IReadOnlyList<string> Actions,
    IReadOnlyList<string> Resources,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>>? Condition = null,
    string Effect = "Allow",
    string? Principal = null);

/// <summary>An IAM policy document, rendered to the JSON IAM expects.</summary>
public sealed record PolicyDocument(IReadOnlyList<PolicyStatement> Statements)
{
    public string ToJson()
    {
        var statements = new JsonArray();
        foreach (var s in Statements)
        {
            var node = new JsonObject { ["Sid"] = s.Sid, ["Effect"] = s.Effect };
            // "*" is the anonymous principal of a resource policy; anything else names an AWS service.
            if (s.Principal == "*") node["Principal"] = "*";
            else if (s.Principal is not null) node["Principal"] = new JsonObject { ["Service"] = s.Principal };
            node["Action"] = Array(s.Actions);
            if (s.Resources.Count > 0) node["Resource"] = Array(s.Resources);
            if (s.Condition is not null)
            {
                var condition = new JsonObject();
                foreach (var (op, keys) in s.Condition)
                {
                    var inner = new JsonObject();
                    foreach (var (key, values) in keys) inner[key] = Array(values);
                    condition[op] = inner;
                }
                node["Condition"] = condition;
            }
            statements.Add(node);
        }
        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements }
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>A statement's Condition from (operator, key, values) tests, all of which must hold.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<string>>> When(params (string Operator, string Key, string[] Values)[] tests) =>
        tests.GroupBy(t => t.Operator).ToDictionary(
            g => g.Key,
            g => (IReadOnlyDictionary<string, IReadOnlyList<string>>)g.ToDictionary(t => t.Key, t => (IReadOnlyList<string>)t.Values, StringComparer.Ordinal),
            StringComparer.Ordinal);

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v)!)]);
}
