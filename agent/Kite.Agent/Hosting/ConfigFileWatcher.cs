namespace Kite.Agent.Hosting;

/// <summary>
/// watch_config_files: calls back (debounced) when a configuration or rules file changes,
/// including the rename-into-place that editors and ConfigMap updates do.
/// </summary>
internal sealed class ConfigFileWatcher : IDisposable
{
    private static readonly TimeSpan s_debounce = TimeSpan.FromMilliseconds(300);

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _timer;

    private ConfigFileWatcher(Action changed) =>
        _timer = new Timer(_ => changed(), null, Timeout.Infinite, Timeout.Infinite);

    public static ConfigFileWatcher Start(IEnumerable<string> paths, Action changed)
    {
        var watcher = new ConfigFileWatcher(changed);
        foreach (string path in paths.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal))
        {
            bool isDirectory = Directory.Exists(path);
            string? directory = isDirectory ? path : Path.GetDirectoryName(path);
            if (directory is null || !Directory.Exists(directory))
                continue;
            var fsw = new FileSystemWatcher(directory)
            {
                Filter = isDirectory ? "*" : Path.GetFileName(path),
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            fsw.Changed += watcher.OnChange;
            fsw.Created += watcher.OnChange;
            fsw.Deleted += watcher.OnChange;
            fsw.Renamed += watcher.OnChange;
            fsw.EnableRaisingEvents = true;
            watcher._watchers.Add(fsw);
        }
        return watcher;
    }

    /// <summary>Number of folders watched.</summary>
    public int Count => _watchers.Count;

    private void OnChange(object sender, FileSystemEventArgs e) => _timer.Change(s_debounce, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        foreach (FileSystemWatcher w in _watchers)
            w.Dispose();
        _timer.Dispose();
    }
}
