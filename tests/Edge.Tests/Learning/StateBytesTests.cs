using System.Reflection;
using Edge.Core.Learning;

namespace Edge.Tests.Learning;

/// <summary>StateBytes must be the exact bytes of every array the network and learner hold: counted here independently, by walking the object graph.</summary>
public class StateBytesTests
{
    public static TheoryData<string> Learners() => new() { "ap", "ap-local", "wp", "readout" };

    [Theory]
    [MemberData(nameof(Learners))]
    public void StateBytes_EqualsTheArraysReachableFromTheLearner(string kind)
    {
        var settings = DigitsFixture.ApSettings(local: kind == "ap-local");
        var network = DigitsFixture.NewNetwork(64, 24, 16, 10);
        Learner learner = kind switch
        {
            "wp" => new WeightPerturbation(network, settings),
            "readout" => new ReadoutOnly(network, settings),
            _ => new ActivityPerturbation(network, settings),
        };
        Assert.Equal(ArrayBytes(learner, new HashSet<object>(ReferenceEqualityComparer.Instance)), learner.StateBytes);
    }

    [Theory]
    [InlineData("ap", new[] { 64, 32, 10 })]
    [InlineData("ap", new[] { 196, 128, 10 })]
    [InlineData("ap-local", new[] { 64, 24, 16, 10 })]
    [InlineData("wp", new[] { 64, 32, 10 })]
    public void EstimatedStateBytes_BoundsTheBuiltLearner(string kind, int[] sizes)
    {
        // the firmware refuses a CONFIGURE whose estimate exceeds free memory: it must never be below the truth
        var config = new Edge.Core.Storage.ModelConfig();
        Assert.True(config.SetSizes(sizes));
        config.Algorithm = kind switch
        {
            "wp" => Edge.Core.Storage.LearningAlgorithm.WeightPerturbation,
            "ap-local" => Edge.Core.Storage.LearningAlgorithm.ActivityPerturbationLocal,
            _ => Edge.Core.Storage.LearningAlgorithm.ActivityPerturbation,
        };
        var settings = config.Learner;
        var network = DigitsFixture.NewNetwork(sizes);
        Learner learner = kind == "wp" ? new WeightPerturbation(network, settings) : new ActivityPerturbation(network, settings);
        Assert.InRange(learner.StateBytes, 1, config.EstimatedStateBytes);
    }

    /// <summary>Sums the payload bytes of primitive arrays reachable through Edge.Core objects (shared singletons excluded).</summary>
    private static long ArrayBytes(object? value, HashSet<object> seen)
    {
        if (value == null || !seen.Add(value)) return 0;
        Type type = value.GetType();
        if (type.IsArray)
        {
            var array = (Array)value;
            Type element = type.GetElementType()!;
            if (element.IsPrimitive) return (long)array.Length * System.Runtime.InteropServices.Marshal.SizeOf(element);
            long sum = 0;
            foreach (object? item in array) sum += ArrayBytes(item, seen);
            return sum;
        }
        if (type.Namespace == null || !type.Namespace.StartsWith("Edge.Core")) return 0;
        long total = 0;
        for (Type? t = type; t != null && t != typeof(object); t = t.BaseType)
            foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                if (!field.FieldType.IsPrimitive && !field.FieldType.IsEnum)
                    total += ArrayBytes(field.GetValue(value), seen);
        return total;
    }
}
