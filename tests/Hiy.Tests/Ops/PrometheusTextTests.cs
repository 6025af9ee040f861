using Hiy.Ops;

namespace Hiy.Tests.Ops;

public class PrometheusTextTests
{
    [Fact]
    public void Sample_LabelWithQuoteBackslashNewline_ParsesBackToTheSameValue()
    {
        var text = new PrometheusText()
            .Family("x_info", "gauge", "a help text with \\ and\na newline")
            .Sample("x_info", 1, "path", "C:\\dir \"quoted\"\nnext", "app", "blog")
            .ToString();

        var family = PrometheusParser.Parse(text)["x_info"];

        Assert.Equal("gauge", family.Type);
        Assert.Equal("a help text with \\ and\na newline", family.Help);
        var sample = Assert.Single(family.Samples);
        Assert.Equal("C:\\dir \"quoted\"\nnext", sample.Labels["path"]);
        Assert.Equal("blog", sample.Labels["app"]);
        Assert.Contains("path=\"C:\\\\dir \\\"quoted\\\"\\nnext\"", text);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.25, "0.25")]
    [InlineData(1e21, "1E+21")]
    public void Format_SpecialAndPlainValues_AsTheFormatSpellsThem(double value, string expected) =>
        Assert.Equal(expected, PrometheusText.Format(value));

    [Fact]
    public void Histogram_PerBucketCounts_CumulativeBucketsSumAndCount()
    {
        var text = new PrometheusText().Family("d_seconds", "histogram", "d")
            .Histogram("d_seconds", [0.1, 1], [2, 3, 1], 4.5, "app", "a").ToString();

        var samples = PrometheusParser.Parse(text)["d_seconds"].Samples;

        Assert.Equal([("0.1", 2.0), ("1", 5.0), ("+Inf", 6.0)],
            samples.Where(s => s.Name == "d_seconds_bucket").Select(s => (s.Labels["le"], s.Value)));
        Assert.Equal(4.5, samples.Single(s => s.Name == "d_seconds_sum").Value);
        Assert.Equal(6, samples.Single(s => s.Name == "d_seconds_count").Value);
    }

    [Theory]
    [InlineData("x 1\n", "no # TYPE")]
    [InlineData("# TYPE x gauge\nx{a=\"b} 1\n", "unterminated")]
    [InlineData("# TYPE x gauge\nx{a=\"\\t\"} 1\n", "unknown escape")]
    [InlineData("# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n", "twice")]
    [InlineData("# TYPE x gauge\nx one\n", "not a sample value")]
    [InlineData("# TYPE x gauge\nx 1 12.5\n", "not a timestamp")]
    [InlineData("# TYPE x gauge\n# TYPE x counter\nx 1\n", "second # TYPE")]
    [InlineData("# TYPE x gauge\n# TYPE y gauge\nx 1\ny 1\nx 2\n", "two groups")]
    [InlineData("# TYPE x wobble\n", "not a metric type")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n", "cumulative")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n", "is not the +Inf bucket")]
    [InlineData("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_sum 1\nh_count 2\n", "no +Inf bucket")]
    public void Parse_MalformedExposition_Refused(string text, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => PrometheusParser.Parse(text)).Message);

    [Fact]
    public void Parse_TimestampAndBlanksAndComments_Read()
    {
        var f = PrometheusParser.Parse("# a free comment\n# TYPE x counter\nx{ a = \"1\" , } 3 1700000000000\n\n")["x"];

        var sample = Assert.Single(f.Samples);
        Assert.Equal(("1", 3.0, 1700000000000L), (sample.Labels["a"], sample.Value, sample.Timestamp!.Value));
        Assert.Null(f.Help);
    }
}
