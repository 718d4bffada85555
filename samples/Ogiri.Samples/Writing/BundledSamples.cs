using Ogiri.Samples.Catalogue;
using Ogiri.Samples.Drawing;

namespace Ogiri.Samples.Writing;

/// <summary>
/// The small data set committed under <c>samples/</c>: fifty pictures, each with two answers written
/// by hand. The seed only decides how each picture looks (background, position, size, tilt, sign style).
/// </summary>
public static class BundledSamples
{
    public const int Seed = 1;
    public const string CsvName = "ogiri-samples.csv";
    /// <summary>Which font files drew the committed pictures (see <see cref="FontSet.Fingerprint"/>).</summary>
    public const string FontsName = "fonts.sha256";

    private sealed record Entry(string Slug, string? Sign, string First, string Second);

    private static readonly Entry[] Entries =
    [
        new("cat", null, "猫の手を貸しに来ましたが、見ての通り何もしません", "会議の資料、猫が全部肉球スタンプで承認しておきました"),
        new("cat", "営業中", "営業中と書いてあるが、店長の猫は絶賛昼寝中", "招き猫のアルバイト、時給はかつお節三枚です"),
        new("dog", null, "散歩に行くと言ってから三時間、犬のほうが先に諦めた", "ワンコの履歴書、特技の欄に「おすわり（有料）」"),
        new("dog", "立入禁止", "立入禁止と書いてあるのに、犬だけは顔パスです", "番犬ですが、立入禁止の漢字が読めません"),
        new("rabbit", null, "うさぎ、跳ぶ前に必ず「よいしょ」と言う", "月でもちをついていたら、地球に単身赴任を命じられたうさぎ"),
        new("rabbit", "準備中", "準備中のうさぎ、耳のセットに二時間かかる", "カメとの再戦に向けて、うさぎはまだ準備中です"),
        new("panda", null, "パンダの目の周り、実は徹夜明けのクマ", "パンダ、白黒はっきりさせたいタイプ"),
        new("panda", "注意", "注意：このパンダはカメラを向けると急にポーズを決めます", "白黒つけようとしたパンダ、結局グレーで落ち着く"),
        new("penguin", null, "ペンギン「飛べないんじゃない、飛ばないだけ」", "南極から来たペンギン、この部屋の冷房にダメ出し"),
        new("penguin", "出口", "出口を探して三時間、ペンギンはまだよちよち歩いている", "ペンギン、出口で後輩に道を譲りすぎて帰れない"),
        new("frog", null, "カエルの面接「前職は王子です」", "かえる、帰ると言いながら一時間しゃべってる"),
        new("frog", "徐行", "徐行と言われて、カエルは跳ぶのをやめて歩き出した", "徐行の看板の下、カエルだけ全力でジャンプ"),
        new("pig", null, "ブタさん、自分が貯金箱のモデルだと知らない", "豚もおだてりゃ木に登る、今まさに登り方を検索中"),
        new("pig", "売切れ", "売切れの看板を見て、ブタが一番ホッとしている", "とんかつ売切れ。ブタ、本日は無事に帰宅"),
        new("octopus", null, "タコの在宅勤務、キーボードが八台", "たこ焼きの中身を聞かれて目をそらすタコ"),
        new("octopus", "立入禁止", "立入禁止の向こうで、タコが八本足で手招きしている", "タコ、立入禁止のテープが足に絡まって大混乱"),
        new("sushi", null, "お寿司、回転しすぎて目が回っている", "わさび抜きで、と言われて少し傷ついているお寿司"),
        new("sushi", "営業中", "回らない寿司屋です、と言うわりに大将がよく回っている", "営業中の寿司屋、ネタより大将の話が新鮮"),
        new("ramen", null, "ラーメンの湯気でメガネが真っ白、何も見えないけどおいしい", "ラーメン替え玉三回目、店主と目で会話が成立"),
        new("ramen", "準備中", "準備中の札の向こうで、ラーメンの麺がストレッチしている", "準備中なのに、ラーメンの匂いだけ先に営業している"),
        new("riceball", null, "おにぎり、三角形であることに誇りを持っている", "おにぎりの具、開けるまでわからない。つまりガチャ"),
        new("riceball", "売切れ", "売切れの棚にただ一つ残ったおにぎり、具は昆布", "売切れの看板、おにぎりが自分で持ってきた"),
        new("apple", null, "りんご、ニュートンに落とされたことをまだ根に持っている", "一日一個のリンゴで医者を遠ざけたら、医者が寂しがっている"),
        new("apple", "注意", "注意：このりんご、落ちると万有引力を発見されます", "りんごに注意。赤いのは照れているだけです"),
        new("banana", null, "バナナの皮、踏まれる日を夢見て十年", "遠足でバナナはおやつに入るのか、ついに最高裁へ"),
        new("banana", "注意", "注意：ここでバナナの皮を踏むとコントになります", "バナナに注意と書いたら、みんなバナナを探し始めた"),
        new("cake", null, "ケーキのいちご、最後まで残して誰かに取られる係", "ショートケーキ「カロリーはゼロです」と本人が言っている"),
        new("cake", "本日休業", "本日休業なのに、ケーキだけが出勤してきた", "ダイエット本日休業。ケーキ、いただきます"),
        new("pizza", null, "ピザって十回言って、と言われたので十枚頼んだ", "ピザのチーズ、伸びすぎて隣町まで届く"),
        new("pizza", "営業中", "営業中のピザ屋、配達員より先にピザが届いた", "ピザの宅配、遅れると店長が謝りながら踊りに来る"),
        new("curry", null, "カレーの隠し味、たぶんシェフの涙", "二日目のカレーのほうが自信満々な顔をしている"),
        new("curry", "売切れ", "カレー売切れ。残ったのはご飯と期待だけ", "売切れのカレー、隠し味は「明日また来てね」"),
        new("dango", null, "花より団子、団子より二本目の団子", "お団子、串に刺されて勝手に三兄弟扱いされる"),
        new("dango", "止まれ", "止まれの看板の前でも、だんごを食べる手だけは止まらない", "串に刺された団子、止まれと言われても最初から動けません"),
        new("watermelon", null, "スイカ割りの棒、結局スイカより先に友達に当たる", "スイカの種飛ばし、日本代表が決まりました"),
        new("watermelon", "売切れ", "スイカ売切れ。夏休みも売切れ", "スイカ売切れ、残っているのは縞模様のボールだけ"),
        new("car", null, "車のナビ「この先たぶん渋滞。知らんけど」", "教習所で、先生より車のほうが緊張している"),
        new("car", "止まれ", "止まれと言われて、車ではなく時が止まった", "止まれの前できっちり止まる車、教習所の先生が泣いて喜ぶ"),
        new("bus", null, "バスの降車ボタン、押したい子どもが七人", "時刻表どおりに来たバスに驚いて、乗客が乗り遅れる"),
        new("bus", "出口", "バスの出口で小銭を数え始めて三分が経過", "出口の看板を見て、バスが自分も降りたいと言い出した"),
        new("bicycle", null, "自転車のベル、鳴らすタイミングを逃して一年", "チャリで来た、と言ったら自転車が照れた"),
        new("bicycle", "駐車禁止", "駐車禁止と言われて、自転車は車じゃないと言い張る", "駐車禁止の前に止めた自転車、翌朝には月の前を飛んでいた"),
        new("rocket", null, "ロケット打ち上げの本当の理由、上司から逃げたかった", "ロケット、宇宙まで行ってから忘れ物に気づく"),
        new("rocket", "立入禁止", "立入禁止の先は宇宙。ロケットしか入れません", "ロケット発射台は立入禁止、見学は宇宙からどうぞ"),
        new("umbrella", null, "傘、置き忘れられた回数で殿堂入り", "梅雨入りを知った瞬間のかさ、ドヤ顔"),
        new("umbrella", "営業中", "営業中のコンビニで傘を買った瞬間、雨がやむ", "傘屋さん、晴れの日は営業中でも寝ている"),
        new("clock", null, "目覚まし時計、持ち主より先に二度寝", "時計が止まっているのではない、時代が止まっているのだ"),
        new("clock", "準備中", "準備中の札を出したまま、目覚まし時計のスヌーズが五回目", "時計「あと五分」、その五分がずっと準備中"),
        new("phone", null, "スマホの充電、残り1％からが本当の勝負", "携帯を探して三十分、ずっと手に持っていた"),
        new("phone", "出口", "出口はどこかスマホで検索していたら、目の前だった", "スマホを見ながら歩いて、出口を三回通り過ぎた"),
    ];

    /// <summary>The pictures of the bundled set for a seed, named <c>images/&lt;thing&gt;-NN.png</c>.</summary>
    public static IReadOnlyList<SamplePicture> Pictures(int seed = Seed)
    {
        var counts = new Dictionary<string, int>();
        var pictures = new List<SamplePicture>(Entries.Length);
        for (var i = 0; i < Entries.Length; i++)
        {
            var e = Entries[i];
            counts[e.Slug] = counts.GetValueOrDefault(e.Slug) + 1;
            var scene = ScenePlanner.Plan(Things.BySlug(e.Slug), e.Sign, SeededRandom.For(seed, i));
            pictures.Add(new SamplePicture($"images/{e.Slug}-{counts[e.Slug]:00}.png", scene, [e.First, e.Second]));
        }
        return pictures;
    }

    /// <summary>Writes <c>ogiri-samples.csv</c>, <c>images/</c> and <c>fonts.sha256</c> into a folder, removing images no row names.</summary>
    public static void Write(string folder, FontSet fonts, int seed = Seed)
    {
        var pictures = Pictures(seed);
        var images = Path.Combine(folder, "images");
        if (Directory.Exists(images))
        {
            var wanted = pictures.Select(p => Path.GetFullPath(Path.Combine(folder, p.RelativePath))).ToHashSet();
            foreach (var stale in Directory.EnumerateFiles(images, "*.png").Where(f => !wanted.Contains(Path.GetFullPath(f)))) File.Delete(stale);
        }
        new DataSetWriter(new SceneRenderer(fonts)).Write(Path.Combine(folder, CsvName), pictures);
        File.WriteAllText(Path.Combine(folder, FontsName), fonts.Fingerprint());
    }
}
