// The route switch on location.pathname (no router library): one view per path.
import { useEffect, type ComponentType } from 'react'
import { translate } from '../i18n'
import { useAppStore } from '../store'
import { DemoBadge } from './DemoBadge'
import { NotFoundView } from './NotFoundView'
import { PlanView } from './plan/PlanView'
import { ReportView } from './report/ReportView'
import { ConsoleView } from './console/ConsoleView'
import { WallRemoteView } from './wall/WallRemoteView'
import { WallView } from './wall/WallView'

const ROUTES: Record<string, ComponentType> = {
  '/': ConsoleView,
  '/report': ReportView,
  '/plan': PlanView,
  '/wall': WallView,
  '/wall/remote': WallRemoteView,
}

export function getViewForPath(pathname: string): ComponentType {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  return ROUTES[path] ?? NotFoundView
}

export function App() {
  const language = useAppStore((s) => s.language)
  useEffect(() => {
    document.documentElement.lang = language
    document.title = translate(language, 'app.title')
  }, [language])
  const View = getViewForPath(location.pathname)
  return (
    <>
      <View />
      <DemoBadge />
    </>
  )
}
