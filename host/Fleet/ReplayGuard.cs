namespace Edge.Host.Fleet;

/// <summary>
/// A board's memory of the host sessions it served: each session's count must grow, so a message delivered twice
/// or recorded and sent again is refused. Remembers the <see cref="Capacity"/> most recently active sessions; the
/// ACL (only the host account publishes requests) is what keeps strangers out, this keeps repeats out.
/// </summary>
public sealed class ReplayGuard
{
    public const int Capacity = 256;

    private readonly Dictionary<ulong, (ulong Count, long Used)> _sessions = new();
    private long _clock;

    /// <summary>Accepts <paramref name="id"/> if its count is above its session's last; else says why not.</summary>
    public bool TryAccept(RequestId id, out string? refusal)
    {
        _clock++;
        if (_sessions.TryGetValue(id.Session, out var last) && id.Count <= last.Count)
        {
            refusal = $"replayed message {id} (session {id.Session:x16} is already at {last.Count})";
            return false;
        }
        if (!_sessions.ContainsKey(id.Session) && _sessions.Count >= Capacity)
        {
            ulong oldest = _sessions.MinBy(s => s.Value.Used).Key;
            _sessions.Remove(oldest);
        }
        _sessions[id.Session] = (id.Count, _clock);
        refusal = null;
        return true;
    }
}
