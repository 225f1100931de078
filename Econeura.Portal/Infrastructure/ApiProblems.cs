namespace Econeura.Portal.Infrastructure;

/// <summary>The API's RFC 7807 answers that are not validation problems: one place, so every endpoint words them alike.</summary>
public static class ApiProblems
{
    /// <summary>The validation message of a save without the version it was based on: without it, a save would overwrite unseen changes.</summary>
    public const string VersionRequired =
        "version is required: send the version you read (0 for one never saved), so that a change made in between is refused, not overwritten.";

    public static ProblemHttpResult NotFound(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);

    public static ProblemHttpResult Conflict(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);

    public static ProblemHttpResult Forbidden(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);

    public static ProblemHttpResult Unavailable(string title, string? detail = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: title, detail: detail);
}
