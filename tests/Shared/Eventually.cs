namespace Econeura.Testing;

public static class Eventually
{
    /// <summary>Waits for background work (a Hangfire job) to reach a state; the timeout only bounds a broken run.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> read, Func<T, bool> done, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeoutSeconds} s waiting for {what} (last: {value}).");
            await Task.Delay(100);
        }
    }
}
