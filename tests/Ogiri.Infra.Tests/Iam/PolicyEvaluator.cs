using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ogiri.Infra.Tests.Iam;

public enum Decision
{
    ImplicitDeny,
    Allow,
    ExplicitDeny,
}

/// <summary>
/// Evaluates a rendered IAM identity policy the way IAM does for one request: an explicit Deny wins, else any
/// matching Allow, else an implicit deny. Actions match case-insensitively, resources case-sensitively, both with
/// IAM's <c>*</c> and <c>?</c> wildcards. Only the condition operators the project uses are known; any other
/// throws, so a test can never pass because a condition was skipped. A condition key missing from the request
/// fails its condition (IAM's rule for operators without IfExists).
/// </summary>
public sealed class PolicyEvaluator(string policyJson)
{
    private readonly JsonElement _statements = JsonDocument.Parse(policyJson).RootElement.GetProperty("Statement").Clone();

    public Decision Evaluate(string action, string resource, IReadOnlyDictionary<string, string[]>? context = null)
    {
        context ??= new Dictionary<string, string[]>();
        var allowed = false;
        foreach (var s in _statements.EnumerateArray())
        {
            if (!Values(s, "Action").Any(a => Glob(a, action, ignoreCase: true))) continue;
            // A trust policy names no resource: the role it is attached to is the resource.
            var resources = Values(s, "Resource").ToList();
            if (resources.Count > 0 && !resources.Any(r => Glob(r, resource, ignoreCase: false))) continue;
            if (s.TryGetProperty("Condition", out var condition) && !Holds(condition, context)) continue;
            if (s.GetProperty("Effect").GetString() == "Deny") return Decision.ExplicitDeny;
            allowed = true;
        }
        return allowed ? Decision.Allow : Decision.ImplicitDeny;
    }

    public bool Allows(string action, string resource, IReadOnlyDictionary<string, string[]>? context = null) =>
        Evaluate(action, resource, context) == Decision.Allow;

    /// <summary>Every resource pattern of every statement (to check that no pattern reaches another stack).</summary>
    public IEnumerable<(string Sid, string Pattern)> ResourcePatterns() =>
        _statements.EnumerateArray().SelectMany(s => Values(s, "Resource").Select(r => (s.GetProperty("Sid").GetString()!, r)));

    /// <summary>Every action a statement allows, as written.</summary>
    public IEnumerable<string> AllowedActions() => _statements.EnumerateArray()
        .Where(s => s.GetProperty("Effect").GetString() == "Allow").SelectMany(s => Values(s, "Action"));

    public static bool Glob(string pattern, string value, bool ignoreCase) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None) | RegexOptions.Singleline);

    private static IEnumerable<string> Values(JsonElement statement, string name) =>
        !statement.TryGetProperty(name, out var v) ? []
        : v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Select(e => e.GetString()!) : [v.GetString()!];

    private static bool Holds(JsonElement condition, IReadOnlyDictionary<string, string[]> context)
    {
        foreach (var op in condition.EnumerateObject())
        {
            foreach (var key in op.Value.EnumerateObject())
            {
                var expected = key.Value.ValueKind == JsonValueKind.Array ? key.Value.EnumerateArray().Select(e => e.GetString()!).ToList() : [key.Value.GetString()!];
                var present = context.TryGetValue(key.Name, out var actual) && actual.Length > 0;
                if (op.Name == "Null")
                {
                    // "Null": "true" holds when the key is absent, "false" when it is present.
                    if (expected.Single() == "true" == present) return false;
                    continue;
                }
                var (set, name) = op.Name.Split(':') is [var q, var n] ? (q, n) : ("", op.Name);
                Func<string, string, bool> match = name switch
                {
                    "StringEquals" or "ArnEquals" => (e, a) => e == a,
                    "StringLike" or "ArnLike" => (e, a) => Glob(e, a, ignoreCase: false),
                    "Bool" => (e, a) => string.Equals(e, a, StringComparison.OrdinalIgnoreCase),
                    _ => throw new NotSupportedException($"condition operator {op.Name} is not known to this evaluator"),
                };
                var holds = set switch
                {
                    // IAM: ForAllValues holds for an absent key (hence the Null test beside it); ForAnyValue does not.
                    "ForAllValues" => !present || actual!.All(a => expected.Any(e => match(e, a))),
                    "ForAnyValue" => present && actual!.Any(a => expected.Any(e => match(e, a))),
                    "" => present && actual!.Length == 1 && expected.Any(e => match(e, actual[0])),
                    _ => throw new NotSupportedException($"condition set operator {set} is not known to this evaluator"),
                };
                if (!holds) return false;
            }
        }
        return true;
    }
}
