namespace Edge.Boards;

/// <summary>Where board profiles live relative to the repository root.</summary>
public static class BoardsInfo
{
    public const string ProfileFolder = "boards";
}
