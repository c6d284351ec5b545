using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KnowledgeHub.Infra.Qdrant.Tests.Compliance;

/// <summary>A test case whose skip reason is the concrete test class's <see cref="RequiresQdrantAttribute"/>, if it has one.</summary>
public sealed class IndexTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public IndexTestCase()
    {
    }

    public IndexTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, displayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var classSkip = TestMethod.TestClass.Class.ToRuntimeType()
            .GetCustomAttributes(inherit: false)
            .OfType<RequiresQdrantAttribute>()
            .Select(_ => RequiresQdrantAttribute.SkipReason)
            .FirstOrDefault(reason => reason is not null);
        return classSkip ?? base.GetSkipReason(factAttribute);
    }
}
