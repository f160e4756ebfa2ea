using System.Collections.Generic;

namespace FalconX.Emulator;

/// <summary>The environment ids the sandbox accepts (current and deprecated ones, which real clients still send).</summary>
internal static class SandboxEnvironments
{
    public sealed record Info(int Id, string Description, string Family, int Bitness);

    private static readonly Dictionary<int, Info> Known = new()
    {
        [100] = new(100, "Windows 7 32 bit", "windows", 32),
        [110] = new(110, "Windows 7 64 bit", "windows", 64),
        [140] = new(140, "Windows 11 64 bit", "windows", 64),
        [160] = new(160, "Windows 10 64 bit", "windows", 64),
        [200] = new(200, "Android (static analysis)", "android", 64),
        [300] = new(300, "Linux Ubuntu 16.04 64 bit", "linux", 64),
        [310] = new(310, "Linux Ubuntu 20 64 bit", "linux", 64),
        [330] = new(330, "Linux Ubuntu 24 64 bit", "linux", 64),
        [400] = new(400, "MacOS Catalina 10.15", "macos", 64),
        [410] = new(410, "MacOS Sonoma ARM 64 bit", "macos", 64),
        [430] = new(430, "MacOS Tahoe ARM", "macos", 64),
    };

    public static IEnumerable<int> Ids => Known.Keys;

    public static bool TryGet(int id, out Info info) => Known.TryGetValue(id, out info!);

    /// <summary>
    /// Deprecated ids and the environment the API runs them in. The 2026 list says 310 "will fallback to Linux Ubuntu
    /// 24" and 400 "will fallback to MacOS Tahoe ARM", and that deprecated values "will be automatically mapped to their
    /// recommended equivalents"; 300 and 410 left the list, and their family's only current environment is assumed.
    /// </summary>
    private static readonly Dictionary<int, int> Fallbacks = new() { [300] = 330, [310] = 330, [400] = 430, [410] = 430 };

    /// <summary>The environment a submission to <paramref name="id"/> runs in.</summary>
    public static int Effective(int id) => Fallbacks.TryGetValue(id, out var successor) ? successor : id;
}
