using Hl7.Fhir.Model;

namespace JournalGateway.Tests.Profiles;

internal static class OutcomeAssertions
{
    public static IReadOnlyList<OperationOutcome.IssueComponent> Errors(this OperationOutcome outcome) =>
        outcome.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .ToList();

    public static string Describe(this IEnumerable<OperationOutcome.IssueComponent> issues) =>
        string.Join(
            Environment.NewLine,
            issues.Select(i => $"{i.Severity} [{string.Join(", ", i.Expression)}] {i.Details?.Text ?? i.Diagnostics}"));

    /// <summary>Asserts at least one error whose expression starts with <paramref name="expressionPrefix"/> and whose text contains <paramref name="text"/>.</summary>
    public static void AssertError(this OperationOutcome outcome, string expressionPrefix, string? text = null)
    {
        var errors = outcome.Errors();
        Assert.True(
            errors.Any(i => i.Expression.Any(e => e!.StartsWith(expressionPrefix, StringComparison.Ordinal))
                && (text is null || (i.Details?.Text ?? i.Diagnostics ?? "").Contains(text, StringComparison.Ordinal))),
            $"Expected an error at {expressionPrefix}{(text is null ? "" : $" mentioning '{text}'")}; got:{Environment.NewLine}{outcome.Issue.Describe()}");
    }
}
