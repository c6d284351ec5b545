using System.ComponentModel;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace KnowledgeHub.Store.Tests;

/// <summary>A test case whose skip reason is the concrete test class's <see cref="ITestClassSkip"/>, if it has one.</summary>
public sealed class StoreTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreTestCase()
    {
    }

    public StoreTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, displayOptions, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        var classSkip = TestMethod.TestClass.Class.ToRuntimeType()
            .GetCustomAttributes(inherit: false)
            .OfType<ITestClassSkip>()
            .Select(skip => skip.SkipReason)
            .FirstOrDefault(reason => reason is not null);
        return classSkip ?? base.GetSkipReason(factAttribute);
    }
}
