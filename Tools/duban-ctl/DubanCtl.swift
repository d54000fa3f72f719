import Foundation
import Runtime

/// duban-ctl: the operators' command line. Each verb lives in its own file.
@main
struct DubanCtl {
    static let usage = """
        usage: duban-ctl <verb> ...
          hj212 decode [--lenient] [FILE...]     decode HJ 212 packets to JSON lines
          registry import|export ...             load or dump the registry and catalogues (DUBAN_DATABASE_URL)
          catalogue limit ...                    which limit applies to an outlet, factor and instant
          orders stats [--from T] [--to T]       supervision figures as JSON (DUBAN_DATABASE_URL)
          order show ORDER                       an order with its events, signed heads and refusals
          order ACTION ORDER --actor ID --role R an order command on duban.commands; waits for Dispatch's answer
          evidence export ORDER [--out DIR]      the order's evidence package (DUBAN_DISPATCH_SIGNING_SEED)
          evidence verify PACKAGE --public-key H check a package offline; names the first thing that fails
          mark create|amend|withdraw ...         a mark command on duban.commands (DUBAN_KAFKA_BOOTSTRAP)
          mark list|history|refusals ...         marks, their versions and refused commands
          marks stats [--from T] [--to T]        marking statistics as JSON
          judge --mn MN|--outlet ID --from T --to T   recompute exceedances from stored data, print, never publish
          quality --mn MN --from T --to T [--period day|month] [--factor F]   stored data quality (传输率, 有效率, 数据传输有效率)
          means --mn MN --factor F --from T --to T [--level hour|day|month]   stored means in their layers, as judged
        """

    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        guard let verb = arguments.first else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            exit(2)
        }
        let rest = Array(arguments.dropFirst())
        let status: Int32
        switch verb {
        case "hj212": status = HJ212Command.run(rest)
        case "registry": status = await RegistryCommand.run(rest)
        case "catalogue": status = await CatalogueCommand.run(rest)
        case "orders", "order": status = await OrdersVerb.run(rest)
        case "evidence": status = await EvidenceVerb.run(rest)
        case "mark", "marks": status = await MarkCommand.run(rest)
        case "judge": status = await JudgeCommand.run(rest)
        case "quality": status = await QualityCommand.quality(rest)
        case "means": status = await QualityCommand.means(rest)
        case "-h", "--help", "help":
            Console.line(usage)
            status = 0
        default:
            FileHandle.standardError.write(Data("duban-ctl: unknown verb \(verb)\n\(usage)\n".utf8))
            status = 2
        }
        exit(status)
    }
}
