using KnowledgeHub.Orchestration.Grounding;

namespace KnowledgeHub.Orchestration.Tests.Grounding;

public sealed class CalibrationLanguageTests
{
    private const string Chinese = "变压器模型如何处理长文本？";
    private const string English = "How does the transformer model handle long texts?";

    [Fact]
    public void A_zh_entry_judges_Chinese_questions_on_its_own_scale_and_English_ones_on_the_main_scale()
    {
        var calibration = EncoderCalibration.MiniLM;
        calibration.Languages[EncoderCalibration.Chinese] = new EncoderCalibration
        {
            MinQuestionSimilarity = 0.5, TypicalAnswerSimilarity = 0.8, UnrelatedSentenceSimilarity = 0.6, SupportingSentenceSimilarity = 0.9,
        };

        Assert.Equal(0.30, calibration.For(English)!.MinQuestionSimilarity);
        Assert.Equal(0.5, calibration.For(Chinese)!.MinQuestionSimilarity);
        Assert.True(calibration.For(Chinese)!.UnderstandsCjk);
    }

    [Fact]
    public void Without_a_zh_entry_Chinese_is_judged_by_keywords_unless_the_encoder_understands_it()
    {
        var english = EncoderCalibration.MiniLM;
        var multilingual = EncoderCalibration.MiniLM;
        multilingual.UnderstandsCjk = true;

        Assert.Null(english.For(Chinese));
        Assert.Same(multilingual, multilingual.For(Chinese));
    }

    [Fact]
    public void A_calibration_file_round_trips_its_language_entries()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kh-calibration-{Guid.NewGuid():N}.json");
        var calibration = EncoderCalibration.ArcticXs;
        calibration.UnderstandsCjk = true;
        calibration.Languages[EncoderCalibration.Chinese] = EncoderCalibration.MiniLM;
        new CalibrationFile { ModelId = "bge-m3-0123456789ab", Calibration = calibration, Pairs = { ["en"] = 40, ["zh"] = 20 } }.Write(path);
        try
        {
            var read = CalibrationFile.Read(path);

            Assert.Equal("bge-m3-0123456789ab", read.ModelId);
            Assert.Equal(0.58, read.Calibration!.MinQuestionSimilarity);
            Assert.Equal(0.30, read.Calibration.Languages["zh"].MinQuestionSimilarity);
            Assert.Equal(20, read.Pairs["zh"]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
