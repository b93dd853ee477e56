// Run by OmegaT itself (--mode=console-translate --script=this file) after it has loaded and
// compiled a project: records what OmegaT made of it, makes the edits a translator would, and
// saves OmegaT's project_save.tmx the way OmegaT's own save does.
//   WB_PROBE_OUT    JSON written here: segments (file, source, translation), glossary entries and the
//                   number of entries OmegaT loaded from each translation memory
//   WB_PROBE_EDITS  JSON object {source text: new translation} to enter as default translations
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import org.omegat.core.data.PrepareTMXEntry
import org.omegat.gui.glossary.GlossaryReaderTBX
import org.omegat.gui.glossary.GlossaryReaderTSV

if (eventType.toString() != "COMPILE") return "probe: nothing to do on " + eventType
def edits = System.getenv("WB_PROBE_EDITS") ? new JsonSlurper().parse(new File(System.getenv("WB_PROBE_EDITS")), "UTF-8") : [:]
def segments = []
for (ste in project.getAllEntries()) {
    if (edits.containsKey(ste.getSrcText())) {
        def entry = new PrepareTMXEntry()
        entry.source = ste.getSrcText()
        entry.translation = edits[ste.getSrcText()]
        entry.changer = "omegat-probe"
        entry.changeDate = System.currentTimeMillis()
        project.setTranslation(ste, entry, true, null)
    }
    def info = project.getTranslationInfo(ste)
    segments << [file: ste.getKey().file, source: ste.getSrcText(), translation: info.isTranslated() ? info.translation : null]
}
def glossaries = [:]
new File(project.getProjectProperties().getGlossaryRoot()).eachFile { file ->
    try {
        def entries = file.name.endsWith(".tbx") ? GlossaryReaderTBX.read(file, false) : GlossaryReaderTSV.read(file, false)
        glossaries[file.name] = [entries: entries.collect { [source: it.getSrcText(), targets: it.getLocTerms(false) as List, comment: it.getCommentText()] }]
    } catch (Throwable error) {
        glossaries[file.name] = [error: error.toString()]
    }
}
def memories = project.getTransMemories().collectEntries { path, tmx -> [new File(path).name, tmx.getEntries().size()] }
def props = project.getProjectProperties()
project.projectTMX.save(props, props.getProjectInternal() + "project_save.tmx", true)
new File(System.getenv("WB_PROBE_OUT")).withWriter("UTF-8") { it << JsonOutput.toJson([segments: segments, glossaries: glossaries, memories: memories]) }
return "probe: " + segments.size() + " segments, " + glossaries.size() + " glossaries"
