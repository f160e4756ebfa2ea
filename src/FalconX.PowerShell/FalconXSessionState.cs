using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace FalconX.PowerShell;

/// <summary>
/// The default connection of each runspace. Keyed on the runspace itself (weakly, so a closed runspace takes its entry
/// with it): a new runspace — ForEach-Object -Parallel, Start-ThreadJob — starts without a default and is given a
/// connection explicitly with -Connection.
/// </summary>
internal static class FalconXSessionState
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Defaults = new();

    /// <summary>The default connection of the runspace running the current cmdlet, or null.</summary>
    public static FalconXConnection? GetDefault()
    {
        var runspace = Runspace.DefaultRunspace;
        return runspace is not null && Defaults.TryGetValue(runspace, out var holder) ? holder.Connection : null;
    }

    /// <summary>Makes <paramref name="connection"/> the default of the current runspace (null clears it).</summary>
    public static void SetDefault(FalconXConnection? connection)
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is null)
        {
            return;
        }

        var holder = Defaults.GetValue(runspace, _ => new Holder());
        lock (holder)
        {
            holder.Connection = connection;
        }
    }

    /// <summary>Clears the default when it is <paramref name="connection"/>.</summary>
    public static void ClearIfDefault(FalconXConnection connection)
    {
        var runspace = Runspace.DefaultRunspace;
        if (runspace is null || !Defaults.TryGetValue(runspace, out var holder))
        {
            return;
        }

        lock (holder)
        {
            if (ReferenceEquals(holder.Connection, connection))
            {
                holder.Connection = null;
            }
        }
    }

    private sealed class Holder
    {
        public FalconXConnection? Connection { get; set; }
    }
}
