namespace Ogiri.Samples.Catalogue;

/// <summary>A picture of a thing drawn by someone else, from a Debian package's art files.</summary>
public sealed record ArtPicture(Thing Thing, string Source, string Path);

/// <summary>
/// Where Debian packages keep pictures of the catalogue's things drawn by other hands than the samples' emoji font:
/// EmojiOne (ruby-gemojione, by code point), the emoji of emojify.js (libjs-emojify, by name) and clip art from the
/// Open Clip Art Library (openclipart-png, picked by hand: the thing alone, in colour). Paths are relative to a root
/// the packages were unpacked or installed into.
/// </summary>
public static class OtherHands
{
    public const string EmojiOneFolder = "usr/share/rubygems-integration/all/gems/gemojione-3.3.0/assets/png";
    public const string EmojifyFolder = "usr/share/javascript/emojify.js/images/emoji";
    public const string ClipArtFolder = "usr/share/openclipart/png";

    /// <summary>emojify.js names its pictures by the emoji's short name.</summary>
    private static readonly Dictionary<string, string> EmojifyNames = new(StringComparer.Ordinal)
    {
        ["cat"] = "cat", ["dog"] = "dog", ["rabbit"] = "rabbit", ["panda"] = "panda_face", ["penguin"] = "penguin", ["frog"] = "frog",
        ["pig"] = "pig", ["octopus"] = "octopus", ["fish"] = "fish", ["chick"] = "baby_chick", ["turtle"] = "turtle", ["cow"] = "cow",
        ["monkey"] = "monkey_face", ["sushi"] = "sushi", ["ramen"] = "ramen", ["riceball"] = "rice_ball", ["apple"] = "apple",
        ["banana"] = "banana", ["cake"] = "cake", ["pizza"] = "pizza", ["curry"] = "curry", ["dango"] = "dango", ["watermelon"] = "watermelon",
        ["bento"] = "bento", ["tea"] = "tea", ["car"] = "car", ["bus"] = "bus", ["train"] = "railway_car", ["bicycle"] = "bike",
        ["airplane"] = "airplane", ["rocket"] = "rocket", ["ship"] = "ship", ["taxi"] = "taxi", ["umbrella"] = "umbrella",
        ["clock"] = "alarm_clock", ["phone"] = "iphone", ["lightbulb"] = "bulb", ["scissors"] = "scissors", ["key"] = "key",
        ["glasses"] = "eyeglasses", ["balloon"] = "balloon", ["gift"] = "gift", ["guitar"] = "guitar",
    };

    private static readonly (string Slug, string Path)[] ClipArt =
    [
        ("cat", "animals/mammals/housecats/kitten_gerald_g._01.png"), ("cat", "animals/mammals/cartoon_cat_gerald_g._01.png"),
        ("dog", "animals/mammals/dogs/dog_head_nicu_buculei_01.png"), ("dog", "animals/mammals/dog_01_drawn_with_strai_01.png"),
        ("rabbit", "animals/mammals/bunny_01.png"),
        ("penguin", "animals/birds/emperor_penguin_ralf_ste_01.png"), ("penguin", "animals/birds/new_penguin_charles_mcco_01.png"),
        ("frog", "animals/red-eye_frog_mirko_maisc_01.png"),
        ("pig", "animals/mammals/a_simple_pig_01.png"), ("pig", "animals/mammals/pig_marcelo_caiafa1.png"),
        ("fish", "animals/fish/brown_fish_01.png"), ("fish", "animals/fish/altum_angelfish_01.png"),
        ("turtle", "animals/turtle_jurgen_gaeremyn_01.png"),
        ("monkey", "animals/mammals/monkey_head_nicu_buculei_01.png"),
        ("apple", "food/fruit/apple.png"), ("apple", "food/fruit/cartoon_apple_k_yager_01.png"),
        ("banana", "food/fruit/banana.png"),
        ("cake", "food/desserts/cake1_jarno_vasamaa_01.png"),
        ("pizza", "food/pizza_slice_01.png"), ("pizza", "food/pizza_pepperoni.png"),
        ("watermelon", "food/fruit/watermelon_james_kilfige_01.png"),
        ("tea", "food/beverages/teacup_ganson.png"),
        ("car", "transportation/vehicles/redcar_marcelo_caiafa_.png"), ("car", "transportation/vehicles/car.png"),
        ("car", "recreation/holiday/sportcar_sergio_luiz_ara_01.png"),
        ("bus", "transportation/vehicles/bus1_jarno_vasamaa_01.png"),
        ("bicycle", "transportation/bicycle_philippe_colin_01.png"), ("bicycle", "transportation/vehicles/bicycle_01.png"),
        ("airplane", "transportation/vehicles/airplane_nicu_buculei_01.png"),
        ("rocket", "transportation/vehicles/rocket.png"),
        ("ship", "transportation/vehicles/the_mad_little_ship_core_01.png"),
        ("umbrella", "tools/umbrella.png"),
        ("clock", "signs_and_symbols/clocks/alarm_clock_gerald_g._01.png"), ("clock", "signs_and_symbols/clocks/alarm_clock_mike_powers_.png"),
        ("lightbulb", "electronics/bulb/lightbulb_jon_phillips_01.png"),
        ("scissors", "education/scissors.png"),
        ("key", "computer/icons/key_juliane_krug_01.png"),
        ("glasses", "people/clothing/sunglasses_01.png"),
        ("balloon", "recreation/party/balloon-red-aj.png"), ("balloon", "recreation/party/balloons_01.png"),
        ("gift", "recreation/holiday/gift01.png"), ("gift", "recreation/holiday/gift03.png"),
        ("guitar", "recreation/music/guitar_ganson.png"), ("guitar", "recreation/music/guitar_jarno_vasamaa1.png"),
    ];

    /// <summary>Every picture under <paramref name="root"/>; a source whose folder is absent is left out, a listed file that is missing is an error.</summary>
    public static IReadOnlyList<ArtPicture> Find(string root)
    {
        var pictures = new List<ArtPicture>();
        var emojiOne = System.IO.Path.Combine(root, EmojiOneFolder);
        if (Directory.Exists(emojiOne))
        {
            foreach (var thing in Things.All)
            {
                var codePoints = string.Join("-", EnumerateRunes(thing.Emoji).Where(r => r.Value != 0xFE0F).Select(r => r.Value.ToString("X4", System.Globalization.CultureInfo.InvariantCulture)));
                var path = System.IO.Path.Combine(emojiOne, codePoints + ".png");
                if (File.Exists(path)) pictures.Add(new ArtPicture(thing, "emojione", path));
            }
        }
        var emojify = System.IO.Path.Combine(root, EmojifyFolder);
        if (Directory.Exists(emojify))
        {
            foreach (var thing in Things.All)
            {
                if (EmojifyNames.TryGetValue(thing.Slug, out var name)) pictures.Add(new ArtPicture(thing, "emojify", Existing(System.IO.Path.Combine(emojify, name + ".png"))));
            }
        }
        var clipArt = System.IO.Path.Combine(root, ClipArtFolder);
        if (Directory.Exists(clipArt))
        {
            foreach (var (slug, path) in ClipArt) pictures.Add(new ArtPicture(Things.BySlug(slug), "openclipart", Existing(System.IO.Path.Combine(clipArt, path))));
        }
        return pictures;
    }

    private static string Existing(string path) => File.Exists(path) ? path : throw new FileNotFoundException($"{path}: listed as a picture by other hands but missing", path);

    private static IEnumerable<System.Text.Rune> EnumerateRunes(string text)
    {
        foreach (var rune in text.EnumerateRunes()) yield return rune;
    }
}
