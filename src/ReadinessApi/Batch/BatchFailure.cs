using Microsoft.AspNetCore.Mvc;
using ReadinessApi.Infrastructure.Validation;

namespace ReadinessApi.Batch;

/// <summary>
/// A problem with the whole request (an empty body, a missing header, an unknown column, malformed JSON,
/// a limit exceeded), as opposed to one item. Returned, not thrown: the loop that meets it decides whether
/// it can still answer with this status or, once results are streaming, must end the stream with it.
/// </summary>
internal sealed record BatchFailure(int Status, string Title, string? Detail, IDictionary<string, string[]>? Errors)
{
    public static BatchFailure Invalid(string field, string message, string? detail = null) =>
        new(StatusCodes.Status400BadRequest, "One or more fields are invalid.", detail, new Dictionary<string, string[]> { [field] = [message] });

    public static BatchFailure Invalid(IDictionary<string, string[]> errors, string? detail = null) =>
        new(StatusCodes.Status400BadRequest, "One or more fields are invalid.", detail, errors);

    public static BatchFailure EmptyBody(BatchFormat format) => Invalid("$", format.EmptyBodyHint);

    public static BatchFailure TooManyRows(int maxRows) => new(StatusCodes.Status413PayloadTooLarge,
        "The batch has too many items.", $"A batch may hold at most {maxRows} items (Batch:MaxRows); split it.", null);

    public static BatchFailure TooManyErrors(int maxErrorRows) => new(StatusCodes.Status413PayloadTooLarge,
        "The batch has too many invalid items to rank.",
        $"rank=batch holds at most {maxErrorRows} invalid items (Batch:MaxErrorRows) until it can write them. Fix the input, or send it with rank=none, which answers every item's error as it meets it.", null);

    public static BatchFailure ItemTooLong(int index) => Invalid("$",
        $"Item {index} runs past {BoundedBody.MaxItemBytes} bytes: a CSV quote or a JSON string left open, or a line break missing between items?",
        "One item (a CSV row, an NDJSON line, a JSON item) is too long.");

    public static BatchFailure TooManyBytes(long maxBytes) => new(StatusCodes.Status413PayloadTooLarge,
        "The request body is too large.", $"A batch body may hold at most {maxBytes} bytes (Batch:MaxBytes); split it.", null);

    public ProblemDetails ToProblem()
    {
        if (Errors is null)
        {
            return new ProblemDetails { Status = Status, Title = Title, Detail = Detail };
        }
        var problem = ValidationProblems.Create(Errors, Detail);
        problem.Status = Status;
        problem.Title = Title;
        return problem;
    }
}
