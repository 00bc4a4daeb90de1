// Material 9.8.2's partials/javascripts/base.html, as a file: the Content-Security-Policy (overrides/partials/meta.html)
// allows only the site's own script files, no inline script. The scope, which Material writes into the script, comes
// from the data-md-scope attribute of the <script> element (overrides/partials/javascripts/base.html).
__md_scope=new URL(document.currentScript.dataset.mdScope,location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
