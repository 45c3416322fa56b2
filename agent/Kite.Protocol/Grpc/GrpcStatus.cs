using System.Globalization;

namespace Kite.Protocol.Grpc;

/// <summary>The outcome of a call: a code and an optional human-readable detail (`grpc-message`).</summary>
public readonly record struct GrpcStatus(GrpcStatusCode Code, string Detail = "")
{
    public static GrpcStatus Ok => new(GrpcStatusCode.OK);

    public bool IsOk => Code == GrpcStatusCode.OK;

    /// <summary>Parses a `grpc-status` value; anything that is not a non-negative integer is Unknown.</summary>
    public static GrpcStatusCode ParseCode(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int code) ? (GrpcStatusCode)code : GrpcStatusCode.Unknown;

    /// <summary>
    /// The status a client derives from a non-200 HTTP status (gRPC's HTTP-to-gRPC mapping),
    /// used when a proxy or a non-gRPC server answered.
    /// </summary>
    public static GrpcStatusCode FromHttpStatus(int httpStatus) => httpStatus switch
    {
        400 => GrpcStatusCode.Internal,
        401 => GrpcStatusCode.Unauthenticated,
        403 => GrpcStatusCode.PermissionDenied,
        404 => GrpcStatusCode.Unimplemented,
        429 or 502 or 503 or 504 => GrpcStatusCode.Unavailable,
        _ => GrpcStatusCode.Unknown,
    };

    public override string ToString() => Detail.Length == 0 ? Code.ToString() : $"{Code}: {Detail}";
}
