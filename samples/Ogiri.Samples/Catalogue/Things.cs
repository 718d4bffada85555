namespace Ogiri.Samples.Catalogue;

/// <summary>The things the samples draw, and the signs some pictures carry.</summary>
public static class Things
{
    public static IReadOnlyList<Thing> All { get; } =
    [
        // Animals
        new("cat", "🐱", "animal", ["猫", "ねこ", "ネコ"], ["肉球", "気まぐれ"]),
        new("dog", "🐶", "animal", ["犬", "いぬ", "ワンコ"], ["しっぽ", "お散歩"]),
        new("rabbit", "🐰", "animal", ["うさぎ", "ウサギ"], ["長い耳", "にんじん"]),
        new("panda", "🐼", "animal", ["パンダ"], ["笹", "白黒"]),
        new("penguin", "🐧", "animal", ["ペンギン"], ["よちよち歩き", "南極"]),
        new("frog", "🐸", "animal", ["カエル", "かえる"], ["ケロケロ", "雨の日"]),
        new("pig", "🐷", "animal", ["ブタ", "豚"], ["鼻", "貯金箱"]),
        new("octopus", "🐙", "animal", ["タコ", "たこ"], ["八本足", "墨"]),
        new("fish", "🐟", "animal", ["魚", "さかな"], ["うろこ", "水槽"]),
        new("chick", "🐤", "animal", ["ひよこ", "ヒヨコ"], ["ピヨピヨ", "黄色"]),
        new("turtle", "🐢", "animal", ["カメ", "亀"], ["甲羅", "のんびり"]),
        new("cow", "🐮", "animal", ["牛", "うし"], ["牛乳", "モーモー"]),
        new("monkey", "🐵", "animal", ["サル", "猿"], ["バナナ", "木登り"]),
        // Food
        new("sushi", "🍣", "food", ["寿司", "おすし"], ["わさび", "回転"]),
        new("ramen", "🍜", "food", ["ラーメン"], ["替え玉", "湯気"]),
        new("riceball", "🍙", "food", ["おにぎり"], ["梅干し", "のり"]),
        new("apple", "🍎", "food", ["りんご", "リンゴ"], ["赤いほっぺ", "皮むき"]),
        new("banana", "🍌", "food", ["バナナ"], ["皮", "おやつ"]),
        new("cake", "🍰", "food", ["ケーキ", "ショートケーキ"], ["いちご", "カロリー"]),
        new("pizza", "🍕", "food", ["ピザ"], ["チーズ", "宅配"]),
        new("curry", "🍛", "food", ["カレー", "カレーライス"], ["辛口", "隠し味"]),
        new("dango", "🍡", "food", ["だんご", "お団子"], ["串", "花見"]),
        new("watermelon", "🍉", "food", ["スイカ", "すいか"], ["種", "夏休み"]),
        new("bento", "🍱", "food", ["弁当", "お弁当"], ["卵焼き", "早弁"]),
        new("tea", "🍵", "food", ["お茶", "緑茶"], ["茶柱", "一服"]),
        // Vehicles
        new("car", "🚗", "vehicle", ["車", "くるま", "自動車"], ["渋滞", "車検"]),
        new("bus", "🚌", "vehicle", ["バス"], ["時刻表", "降車ボタン"]),
        new("train", "🚃", "vehicle", ["電車"], ["満員", "終電"]),
        new("bicycle", "🚲", "vehicle", ["自転車", "チャリ"], ["立ちこぎ", "ベル"]),
        new("airplane", "✈", "vehicle", ["飛行機"], ["機内食", "離陸"]),
        new("rocket", "🚀", "vehicle", ["ロケット"], ["打ち上げ", "宇宙"]),
        new("ship", "🚢", "vehicle", ["船", "フェリー"], ["船酔い", "汽笛"]),
        new("taxi", "🚕", "vehicle", ["タクシー"], ["メーター", "深夜料金"]),
        // Objects
        new("umbrella", "☂", "object", ["傘", "かさ"], ["置き忘れ", "梅雨"]),
        new("clock", "⏰", "object", ["目覚まし時計", "時計"], ["二度寝", "スヌーズ"]),
        new("phone", "📱", "object", ["スマホ", "携帯"], ["充電", "通知"]),
        new("lightbulb", "💡", "object", ["電球"], ["ひらめき", "電気代"]),
        new("scissors", "✂", "object", ["はさみ", "ハサミ"], ["工作", "切れ味"]),
        new("key", "🔑", "object", ["鍵", "カギ"], ["合鍵", "鍵穴"]),
        new("glasses", "👓", "object", ["メガネ", "眼鏡"], ["度数", "くもり"]),
        new("balloon", "🎈", "object", ["風船"], ["ヘリウム", "空"]),
        new("gift", "🎁", "object", ["プレゼント"], ["リボン", "サプライズ"]),
        new("guitar", "🎸", "object", ["ギター"], ["弦", "ロック"]),
        new("sock", "🧦", "object", ["靴下"], ["片方", "穴"]),
    ];

    /// <summary>
    /// Short signs. Tesseract's Japanese model reads these reliably when drawn as in
    /// <see cref="Drawing.SceneRenderer"/>; two-character signs such as 禁煙 and 危険 it mostly misses.
    /// </summary>
    public static IReadOnlyList<string> Signs { get; } =
        ["営業中", "止まれ", "立入禁止", "準備中", "出口", "本日休業", "売切れ", "注意", "駐車禁止", "徐行"];

    public static Thing BySlug(string slug) =>
        All.FirstOrDefault(t => t.Slug == slug) ?? throw new ArgumentException($"no thing named '{slug}'", nameof(slug));
}
