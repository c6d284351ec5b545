using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>
/// Accepts the model ids listed in <see cref="EncoderModel.All"/> and paths of existing folders (a model exported into a
/// folder, <see cref="Folders.ModelFolder"/>), and names both when it rejects a value.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KnownEncoderModelAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (EncoderModel.Find(value as string) is not null || (value is string folder && folder.Length > 0 && Directory.Exists(folder)))
        {
            return ValidationResult.Success;
        }

        var member = validationContext.MemberName ?? nameof(EncoderOptions.Model);
        return new ValidationResult(
            $"{EncoderOptions.Section}:{member} '{value}' is neither a known encoder model ({EncoderModel.AllIds}) nor an existing model folder.",
            [member]);
    }
}
