using System.ComponentModel.DataAnnotations;

namespace KnowledgeHub.Infra.Onnx;

/// <summary>Accepts only model ids listed in <see cref="EncoderModel.All"/>, and names them when it rejects one.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class KnownEncoderModelAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (EncoderModel.Find(value as string) is not null)
        {
            return ValidationResult.Success;
        }

        var member = validationContext.MemberName ?? nameof(EncoderOptions.Model);
        return new ValidationResult(
            $"{EncoderOptions.Section}:{member} '{value}' is not a known encoder model. Allowed: {EncoderModel.AllIds}.",
            [member]);
    }
}
