using Ogiri.Samples.Catalogue;

namespace Ogiri.Samples.Writing;

/// <summary>
/// Writes joke answers for practice sets: templates × openers × endings × the thing's names and
/// traits (and the sign, when there is one). Every template names the thing, so an answer's key
/// word depends on the picture.
/// </summary>
public static class JokeWriter
{
    // {n}: one of the thing's names; {t}: one of its traits; {s}: the sign's text.
    private static readonly string[] Templates =
    [
        "{n}、実は{t}のことで頭がいっぱい",
        "{n}の履歴書、特技の欄に「{t}」",
        "{t}担当の{n}、本日も絶好調",
        "{n}に{t}の話を振ったら三時間語られた",
        "この{n}、{t}だけで食べていくと決めたらしい",
        "{n}の悩みは{t}がバレバレなこと",
        "ついに{n}が{t}の専門家として記者会見",
        "{n}、{t}を極めすぎて師匠と呼ばれる",
        "{n}の世界では{t}が出世の条件",
        "{n}の口ぐせ「{t}さえあれば生きていける」",
        "{n}、{t}のせいで会議に遅刻",
        "{t}を語らせたら{n}の右に出る者はいない",
        "{n}のSNS、投稿が全部{t}",
        "{n}、{t}の話になると急に早口",
        "{n}の夢は{t}の世界大会で優勝すること",
        "{n}が主役の映画、タイトルは『{t}』",
        "{n}、今年の目標は{t}からの卒業",
        "{n}の面接、志望動機は{t}",
        "{n}の給料、{t}で支払われている",
        "{n}、実家に帰ると急に{t}の自慢",
        "背景に溶け込もうとして失敗した{n}",
        "{n}、自撮りの角度を研究して三年",
        "どう見ても{n}、本人は「違います」と言っている",
        "{n}、締め切りから全力で逃げている",
        "{n}が来たので今日の会議はここまで",
        "{n}、転職サイトに登録したらしい",
        "この{n}、昨日より少しだけ偉そう",
        "写真を撮られた{n}「事務所を通してください」",
        "{n}、斜めに構えてクールを気取る",
        "{n}の朝は早い、そして二度寝も早い",
        "近所で噂の{n}、サインの練習を始めた",
        "{n}を見つめていたら、向こうも見つめ返してきた",
        "{n}の占い、ラッキーアイテムは{t}",
        "{n}に値段をつけるなら{t}三つ分",
        "{n}、{t}を忘れて家に引き返す",
        "{n}の取扱説明書、一ページ目から{t}",
        "{n}同好会、会員は一名",
        "{n}、有給休暇で{t}めぐりの旅へ",
        "{n}の辞書に「遠慮」の文字はない",
        "宇宙人に地球代表として紹介された{n}",
    ];

    private static readonly string[] SignTemplates =
    [
        "「{s}」と書いてあるのに{n}が堂々と居座る",
        "{n}が「{s}」の看板を自作した",
        "「{s}」の看板の前で{n}が途方に暮れている",
        "{n}の心の中もずっと{s}",
        "{s}？{n}には関係ない話",
        "{n}、「{s}」の意味を三日考えている",
        "{s}の看板を持たされた{n}、時給は未定",
        "{s}につき、本日の{n}はお静かに",
        "{n}、{s}の看板を{t}と読み間違える",
        "{s}の札を出したら、{n}だけが集まってきた",
    ];

    private static readonly string[] Openers = ["", "", "", "速報：", "悲報：", "朗報：", "ここだけの話、", "聞いて、", "正直に言うと、", "今日の発見："];
    private static readonly string[] Endings = ["", "", "", "。知らんけど", "。以上です", "！", "…", "。たぶん", "。ほんとに", "らしいよ"];

    /// <summary>Distinct answers for a thing (and its sign, if any); a sign picture gets a sign joke first.</summary>
    public static IReadOnlyList<string> Answers(Thing thing, string? sign, int count, Random random)
    {
        var answers = new List<string>(count);
        while (answers.Count < count)
        {
            var useSign = sign is not null && (answers.Count == 0 || random.Next(3) == 0);
            var template = useSign ? SignTemplates[random.Next(SignTemplates.Length)] : Templates[random.Next(Templates.Length)];
            var answer = Openers[random.Next(Openers.Length)]
                + template.Replace("{n}", thing.Names[random.Next(thing.Names.Count)], StringComparison.Ordinal)
                    .Replace("{t}", thing.Traits[random.Next(thing.Traits.Count)], StringComparison.Ordinal)
                    .Replace("{s}", sign ?? "", StringComparison.Ordinal)
                + Endings[random.Next(Endings.Length)];
            if (!answers.Contains(answer)) answers.Add(answer);
        }
        return answers;
    }
}
