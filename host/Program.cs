namespace Edge.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("edge: commands arrive with the learning and boards issues");
        return 0;
    }
}
