import { Component, type ReactNode } from 'react'

/**
 * Catches what a child throws while rendering, the way an app's boundary
 * would, and records it in `caught`.
 */
export class Boundary extends Component<
  { children: ReactNode; caught: unknown[] },
  { error?: unknown }
> {
  override state: { error?: unknown } = {}
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  // Here rather than React 19's onCaughtError, so that the React 18 run sees it too.
  override componentDidCatch(error: unknown) {
    this.props.caught.push(error)
  }
  override render() {
    return this.state.error ? null : this.props.children
  }
}
