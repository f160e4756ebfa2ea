using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using ThreatQ.Emulator;

namespace FalconX.Tests.ThreatQEmulator;

/// <summary>The ThreatQ emulator's admin routes and command line, as the demo, the Pester tests and a person use them.</summary>
public sealed class ThreatQEmulatorAdminTests : ThreatQEmulatorTestBase
{
    [Fact]
    public async Task Unknown_admin_routes_name_the_known_ones_and_wrong_methods_are_refused()
    {
        using var unknown = await Http.GetAsync("/_emulator/nope");
        using var wrong = await Http.DeleteAsync("/_emulator/faults");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(
            "Unknown admin route /_emulator/nope. Known: health, shutdown, reset, stats, requests, faults, objects, relations, seed, expire-tokens, clock.",
            (await ReadAsync(unknown))["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrong.StatusCode);
        Assert.Equal("DELETE is not allowed on /_emulator/faults.", (await ReadAsync(wrong))["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Faults_are_set_by_post_as_well_as_put_and_a_bad_value_is_a_400()
    {
        using var posted = await Http.PostAsync("/_emulator/faults", Json("""{"latencyMs":3}"""));
        using var refused = await Http.PutAsync("/_emulator/faults", Json("""{"errorRate":2}"""));

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(3, (await ReadAsync(posted))["latencyMs"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("errorRate", (await ReadAsync(refused))["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(3, Server.Faults.LatencyMs);
    }

    [Fact]
    public async Task The_clock_moves_forward_only_and_stats_carry_the_store_revision()
    {
        var before = Time(await ReadAsync(await Http.GetAsync("/_emulator/clock")));
        using var moved = await Http.PostAsync("/_emulator/clock", Json("""{"advanceSec":7200}"""));
        using var backwards = await Http.PostAsync("/_emulator/clock", Json("""{"advanceSec":-5}"""));
        await PostOkAsync("/api/report/consume", ReportBody());
        var stats = JsonNode.Parse(await Http.GetStringAsync("/_emulator/stats"))!;

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.InRange(Time(await ReadAsync(moved)) - before, TimeSpan.FromHours(2), TimeSpan.FromHours(2.5));
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Equal(Server.Store.Revision, stats["revision"]!.GetValue<long>());
        Assert.True(Server.Store.Revision > 0);
    }

    [Fact]
    public void Command_line_options_are_parsed_and_bad_ones_explained()
    {
        var options = TqOptions.Parse(["--port", "5081", "--port-file", "p.txt", "--data-dir", "d", "--email", "a@b.example", "--max-body-items", "0", "--token-lifetime-sec", "60"]);

        Assert.Equal(5081, options.Port);
        Assert.Equal("p.txt", options.PortFile);
        Assert.Equal("d", options.DataDir);
        Assert.Equal("a@b.example", options.Email);
        Assert.Equal(0, options.MaxBodyItems);
        Assert.Equal(60, options.TokenLifetimeSec);
        Assert.Equal("Option '--port' needs a whole number between 0 and 65535; got '70000'.", Assert.Throws<ArgumentException>(() => TqOptions.Parse(["--port", "70000"])).Message);
        Assert.StartsWith("Unknown option '--cid'.", Assert.Throws<ArgumentException>(() => TqOptions.Parse(["--cid", "x"])).Message, StringComparison.Ordinal);
        Assert.StartsWith("Option '--seed' needs a value.", Assert.Throws<ArgumentException>(() => TqOptions.Parse(["--seed"])).Message, StringComparison.Ordinal);
        Assert.Equal(TqOptions.Usage, Assert.Throws<ArgumentException>(() => TqOptions.Parse(["--help"])).Message);
    }

    [Fact]
    public async Task A_bad_command_line_ends_the_process_with_exit_code_2_before_listening()
    {
        Assert.Equal(2, await Program.Main(["--no-such-option", "1"]));
    }

    [Fact]
    public async Task A_temporary_data_directory_is_removed_on_dispose_and_a_given_one_is_kept()
    {
        var given = Path.Combine(Path.GetTempPath(), "threatq-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string temporary;
            await using (var server = await TqServer.StartAsync(new TqOptions()))
            {
                temporary = server.DataDirectory;
                Assert.True(Directory.Exists(temporary));
            }

            await using (var server = await TqServer.StartAsync(new TqOptions { DataDir = given }))
            {
                Assert.Equal(given, server.DataDirectory);
            }

            Assert.False(Directory.Exists(temporary));
            Assert.True(Directory.Exists(given));
        }
        finally
        {
            Directory.Delete(given, recursive: true);
        }
    }

    private static DateTime Time(JsonObject clock) =>
        DateTime.ParseExact(clock["now"]!.GetValue<string>(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
