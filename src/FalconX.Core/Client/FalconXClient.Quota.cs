using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using FalconX.Models;

namespace FalconX.Client;

public sealed partial class FalconXClient
{
    /// <summary>
    /// Reads the sandbox submission quota. The API has no quota endpoint; every sandbox query answer carries
    /// <c>meta.quota</c>, so the cheapest one is asked (one submission id).
    /// </summary>
    /// <exception cref="FalconXApiException">The call failed, or the answer had no quota (the API client lacks the Sandbox read scope).</exception>
    public async Task<FalconXQuota> GetQuotaAsync(CancellationToken cancellationToken = default)
    {
        var request = new ApiRequest(HttpMethod.Get, "falconx/queries/submissions/v1").AddQuery("limit", 1);
        var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        return response.Meta.Quota ?? throw new FalconXApiException(
            FalconXErrorKind.InvalidResponse,
            "The answer carried no meta.quota, so the quota is unknown. Check that the API client has the 'Sandbox (Falcon Intelligence)' read scope.",
            response.StatusCode,
            "GET",
            "/falconx/queries/submissions/v1",
            response.Errors,
            response.TraceId);
    }
}
