import { script } from './script'

/** The script as a list, the current step marked, and where the abort happened. */
export function Timeline({ step, abortedAt }: { step: number; abortedAt: number | undefined }) {
  return (
    <section className="panel">
      <h3>Script</h3>
      <ol className="timeline">
        {script.map((s, i) => (
          <li
            key={s.says}
            className={i === step ? 'current' : i < step ? 'past' : undefined}
            aria-current={i === step ? 'step' : undefined}
          >
            <code>[{s.mounted.join(' ') || '—'}]</code> {s.says}
            {abortedAt === i && <strong className="abort-mark"> ← aborted here</strong>}
          </li>
        ))}
      </ol>
    </section>
  )
}
