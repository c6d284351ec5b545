namespace KnowledgeHub.Ingestion.Documents;

/// <summary>The answers to uploads that carried an idempotency key, so a repeated upload gets the first answer again.</summary>
public interface IUploadReceiptStore
{
    /// <summary>The receipt of an earlier upload with this idempotency key, if one was stored at or after <paramref name="notBefore"/>.</summary>
    Task<UploadReceipt?> FindUploadReceiptAsync(string tenant, string key, DateTimeOffset notBefore, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the receipt unless the tenant already holds one for the key created at or after <paramref name="notBefore"/>
    /// (an older one is replaced); returns the receipt that is stored now, which is the earlier one when it won.
    /// </summary>
    Task<UploadReceipt> AddUploadReceiptAsync(UploadReceipt receipt, DateTimeOffset notBefore, CancellationToken cancellationToken = default);
}
